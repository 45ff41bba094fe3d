import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  isValidTag
} from "./chunk-A5WBNSYW.js";
import {
  DigestpinError
} from "./chunk-KJLBA246.js";

// src/push/tag-template.ts
var DEFAULT_TAG_TEMPLATE = "{sha7}-{run}-{attempt}";
var LOCAL_TAG_TEMPLATE = "{sha7}-{date}{time}";
var TAG_VARIABLES = ["sha", "sha7", "run", "attempt", "branch", "date", "time"];
var BUILD_VARIABLES = ["sha", "sha7", "run", "attempt", "branch"];
var MAX_TAG_LENGTH = 128;
var TAG_HINT = "A tag is 1 to 128 of A-Z a-z 0-9 _ . - and cannot start with . or -; use a unique template such as {sha7}-{run}-{attempt} or pass --tag <tag>.";
var SOURCES = {
  sha: "GITHUB_SHA, GIT_COMMIT (Jenkins), CI_COMMIT_SHA (GitLab), BUILDKITE_COMMIT, CIRCLE_SHA1, or a git checkout",
  run: "GITHUB_RUN_NUMBER, BUILD_NUMBER (Jenkins), CI_PIPELINE_IID (GitLab), BUILDKITE_BUILD_NUMBER or CIRCLE_BUILD_NUM",
  attempt: "GITHUB_RUN_ATTEMPT, CI_JOB_ID (GitLab) or BUILDKITE_RETRY_COUNT (Jenkins and CircleCI count as attempt 1)",
  branch: "GITHUB_HEAD_REF/GITHUB_REF_NAME, BRANCH_NAME/GIT_BRANCH (Jenkins), CI_COMMIT_REF_NAME, BUILDKITE_BRANCH, CIRCLE_BRANCH, or a git checkout on a branch"
};
var readGit = async (cwd) => {
  const { execa } = await import("./execa-TTSRXPBZ.js");
  const run = async (args) => {
    const r = await execa("git", args, { cwd, reject: false, timeout: 1e4, stdin: "ignore" });
    return r.exitCode === 0 && typeof r.stdout === "string" && r.stdout.trim() !== "" ? r.stdout.trim() : void 0;
  };
  const sha = await run(["rev-parse", "--verify", "--quiet", "HEAD"]);
  const branch = sha === void 0 ? void 0 : await run(["symbolic-ref", "--quiet", "--short", "HEAD"]);
  return { sha, branch };
};
var nonEmpty = (v) => v === void 0 || v.trim() === "" ? void 0 : v.trim();
function fromCi(env) {
  if (env.GITHUB_ACTIONS === "true") {
    return {
      provider: "github-actions",
      sha: nonEmpty(env.GITHUB_SHA),
      run: nonEmpty(env.GITHUB_RUN_NUMBER),
      attempt: nonEmpty(env.GITHUB_RUN_ATTEMPT),
      // pull_request events: GITHUB_HEAD_REF is the PR branch, GITHUB_REF_NAME is "<n>/merge".
      branch: nonEmpty(env.GITHUB_HEAD_REF) ?? nonEmpty(env.GITHUB_REF_NAME)
    };
  }
  if (env.GITLAB_CI === "true") {
    return {
      provider: "gitlab",
      sha: nonEmpty(env.CI_COMMIT_SHA),
      run: nonEmpty(env.CI_PIPELINE_IID),
      attempt: nonEmpty(env.CI_JOB_ID),
      branch: nonEmpty(env.CI_COMMIT_REF_NAME)
    };
  }
  if (env.BUILDKITE === "true") {
    const retries = nonEmpty(env.BUILDKITE_RETRY_COUNT);
    return {
      provider: "buildkite",
      sha: nonEmpty(env.BUILDKITE_COMMIT),
      run: nonEmpty(env.BUILDKITE_BUILD_NUMBER),
      // BUILDKITE_RETRY_COUNT is 0 on the first run; attempts count from 1 as on GitHub.
      attempt: retries !== void 0 && /^\d+$/.test(retries) ? String(Number(retries) + 1) : "1",
      branch: nonEmpty(env.BUILDKITE_BRANCH)
    };
  }
  if (env.CIRCLECI === "true") {
    return {
      provider: "circleci",
      sha: nonEmpty(env.CIRCLE_SHA1),
      run: nonEmpty(env.CIRCLE_BUILD_NUM),
      attempt: "1",
      branch: nonEmpty(env.CIRCLE_BRANCH)
    };
  }
  if (nonEmpty(env.JENKINS_URL) ?? nonEmpty(env.JENKINS_HOME)) {
    const gitBranch = nonEmpty(env.GIT_BRANCH)?.replace(/^(refs\/heads\/|origin\/)/, "");
    return {
      provider: "jenkins",
      sha: nonEmpty(env.GIT_COMMIT),
      run: nonEmpty(env.BUILD_NUMBER),
      attempt: "1",
      branch: nonEmpty(env.BRANCH_NAME) ?? gitBranch
    };
  }
  return void 0;
}
async function detectBuild(env, cwd, git = readGit) {
  const ci = fromCi(env);
  if (ci && ci.sha !== void 0 && ci.branch !== void 0) return ci;
  const local = await git(cwd);
  if (ci) return { ...ci, sha: ci.sha ?? local.sha, branch: ci.branch ?? local.branch };
  return {
    provider: local.sha === void 0 ? "none" : "git",
    sha: local.sha,
    branch: local.branch
  };
}
function validateTag(tag) {
  const refuse = (why) => {
    throw new DigestpinError("INVALID_TAG", `tag "${tag}": ${why}`, TAG_HINT);
  };
  if (tag === "") refuse("the tag is empty");
  if (tag.toLowerCase() === "latest") {
    refuse(
      '"latest" is refused: it is a moving tag, so nodes that cached it keep running an old image'
    );
  }
  if (tag.length > MAX_TAG_LENGTH)
    refuse(`the tag is ${tag.length} characters; at most ${MAX_TAG_LENGTH} are allowed`);
  if (!/^\w/.test(tag))
    refuse(`a tag must start with a letter, digit or underscore, not "${tag.charAt(0)}"`);
  const bad = [...new Set(tag.replace(/[\w.-]/g, ""))];
  if (bad.length > 0)
    refuse(
      `invalid characters ${bad.map((c) => JSON.stringify(c)).join(" ")} (allowed: A-Z a-z 0-9 _ . -)`
    );
  if (!isValidTag(tag)) refuse("not a valid tag");
}
function sanitizeBranch(branch, maxLength = MAX_TAG_LENGTH) {
  return branch.replace(/[^\w.-]+/g, "-").replace(/^[.-]+/, "").slice(0, Math.max(0, maxLength)).replace(/[.-]+$/, "");
}
var pad = (n, width = 2) => String(n).padStart(width, "0");
async function renderTag(template, env, cwd, now = /* @__PURE__ */ new Date(), git = readGit) {
  let info;
  if (template === void 0) {
    info = await detectBuild(env, cwd, git);
    template = info.run !== void 0 ? DEFAULT_TAG_TEMPLATE : LOCAL_TAG_TEMPLATE;
  }
  const used = templateVariables(template);
  if (info === void 0 && used.some((v) => BUILD_VARIABLES.includes(v))) {
    info = await detectBuild(env, cwd, git);
  }
  const values = {
    sha: info?.sha,
    sha7: info?.sha?.slice(0, 7),
    run: info?.run,
    attempt: info?.attempt,
    date: `${now.getUTCFullYear()}${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())}`,
    time: `${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}${pad(now.getUTCSeconds())}`
  };
  const missing = used.filter((v) => v !== "branch" && values[v] === void 0);
  if (used.includes("branch") && (info?.branch === void 0 || sanitizeBranch(info.branch) === "")) {
    missing.push("branch");
  }
  if (missing.length > 0) throw noBuildId(template, missing, info);
  const fill = (branchValue) => template.replace(
    /\{(\w+)\}/g,
    (_m, name) => name === "branch" ? branchValue : values[name] ?? ""
  );
  let tag = fill("");
  if (used.includes("branch")) {
    const branchCount = template.split("{branch}").length - 1;
    const budget = Math.floor((MAX_TAG_LENGTH - tag.length) / branchCount);
    tag = fill(sanitizeBranch(info?.branch ?? "", budget));
  }
  validateTag(tag);
  return tag;
}
function templateVariables(template) {
  const used = [];
  const unknown = [];
  for (const m of template.matchAll(/\{([^{}]*)\}/g)) {
    const name = m[1] ?? "";
    if (TAG_VARIABLES.includes(name)) used.push(name);
    else unknown.push(`{${name}}`);
  }
  const known = TAG_VARIABLES.map((v) => `{${v}}`).join(" ");
  if (unknown.length > 0) {
    throw new DigestpinError(
      "INVALID_TEMPLATE",
      `tag template "${template}": unknown variable${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")}`,
      `Known variables: ${known}.`
    );
  }
  if (/[{}]/.test(template.replace(/\{[^{}]*\}/g, ""))) {
    throw new DigestpinError(
      "INVALID_TEMPLATE",
      `tag template "${template}": unbalanced { or }`,
      `Variables are written {name}; known variables: ${known}.`
    );
  }
  return used;
}
function noBuildId(template, missing, info) {
  const names = [
    ...new Set(missing.map((v) => v === "sha7" ? "sha" : v))
  ];
  const where = info === void 0 || info.provider === "none" ? "no CI and no git checkout detected" : `provider: ${info.provider}`;
  return new DigestpinError(
    "NO_BUILD_ID",
    `tag template "${template}" needs ${missing.map((v) => `{${v}}`).join(", ")}, but nothing identifies the build (${where})`,
    `${names.map((n) => `{${n}} comes from ${SOURCES[n]}`).join("; ")}. Set it, or pass --tag <tag> with a literal tag or a template that uses only what is available.`
  );
}

export {
  DEFAULT_TAG_TEMPLATE,
  validateTag,
  renderTag
};
//# sourceMappingURL=chunk-RWNZ2W57.js.map
