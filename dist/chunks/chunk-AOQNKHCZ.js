import { createRequire as __digestpinCreateRequire } from 'node:module'; const require = __digestpinCreateRequire(import.meta.url);
import {
  RULES
} from "./chunk-JDUHXU5K.js";
import {
  VERSION
} from "./chunk-QGWW4B2G.js";

// src/report/sarif.ts
var SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
var INFORMATION_URI = "https://github.com/digestpin/digestpin";
function artifactUri(path) {
  return path.replace(/\\/g, "/").split("/").map((segment) => segment === ".." || segment === "." ? segment : encodeURIComponent(segment)).join("/");
}
function pascalCase(id) {
  return id.replace(/(^|-)([a-z])/g, (_m, _d, c) => c.toUpperCase());
}
function sarifLocation(path, line, column) {
  return {
    physicalLocation: {
      artifactLocation: { uri: artifactUri(path) },
      region: { startLine: line, startColumn: column }
    }
  };
}
function sarifLog(rules, results, extra = {}) {
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: { name: "digestpin", informationUri: INFORMATION_URI, version: VERSION, rules }
        },
        ...extra,
        results
      }
    ]
  };
}
function ruleDescriptor(rule) {
  const name = pascalCase(rule.id);
  return {
    id: rule.id,
    name,
    shortDescription: { text: rule.summary },
    fullDescription: { text: rule.description },
    help: { text: rule.help, markdown: rule.help },
    helpUri: `${INFORMATION_URI}#${rule.id}`,
    defaultConfiguration: { level: rule.severity },
    properties: {
      tags: ["kubernetes", "containers", "reliability"],
      precision: "very-high",
      "problem.severity": rule.severity
    }
  };
}
function buildSarif(report) {
  const index = new Map(RULES.map((r, i) => [r.id, i]));
  const results = report.findings.map((f) => ({
    ruleId: f.rule,
    ruleIndex: index.get(f.rule) ?? -1,
    level: f.severity,
    message: { text: `${f.message}. Fix: ${f.fix}` },
    locations: [sarifLocation(f.path, f.line, f.column)]
  }));
  const notifications = report.skipped.map((s) => ({
    level: "warning",
    message: { text: s.reason },
    locations: [{ physicalLocation: { artifactLocation: { uri: artifactUri(s.path) } } }]
  }));
  return sarifLog(RULES.map(ruleDescriptor), results, {
    invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }]
  });
}
function formatSarif(report) {
  return `${JSON.stringify(buildSarif(report), null, 2)}
`;
}

export {
  INFORMATION_URI,
  pascalCase,
  sarifLocation,
  sarifLog,
  formatSarif
};
//# sourceMappingURL=chunk-AOQNKHCZ.js.map
