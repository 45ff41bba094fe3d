import { describe, expect, test } from '@jest/globals';
import { worthCopyingAgain } from '../../../src/push/skopeo.js';
import { classifySkopeoError, skopeoMessage } from '../../../src/push/skopeo-errors.js';

const ctx = { source: 'oci:img:t', dest: 'registry.example/app:t1' };
const fatal = (msg: string) =>
  `Getting image source signatures\ntime="2026-11-26T06:36:58Z" level=fatal msg="${msg.replace(/"/g, '\\"')}"\n`;

describe('skopeoMessage', () => {
  test('reads the logrus fatal message and unescapes it', () => {
    expect(skopeoMessage(fatal('no descriptor found for reference "zz"'))).toBe(
      'no descriptor found for reference "zz"',
    );
  });
  test('an escaped line break in the message reads as a space, not as the letter n', () => {
    expect(
      skopeoMessage(fatal('uploading manifest t: errors:\\ndigest invalid\\nblob unknown\\n')),
    ).toBe('uploading manifest t: errors: digest invalid blob unknown');
  });
  test('falls back to the last line, then to a fixed text', () => {
    expect(skopeoMessage('first\nError: something broke\n\n')).toBe('Error: something broke');
    expect(skopeoMessage('')).toBe('skopeo failed without a message');
  });
});

describe('classifySkopeoError (messages observed from skopeo 1.9.3)', () => {
  test.each([
    [
      'writing manifest: uploading manifest race to 127.0.0.1:35519/demo/race-same: errors:\\ndigest invalid\\nmanifest blob unknown: blob unknown to registry\\n',
      'REGISTRY_ERROR',
      5,
    ],
    [
      'initializing source oci:nope:t1: open nope/index.json: no such file or directory',
      'SOURCE_NOT_FOUND',
      6,
    ],
    [
      'Invalid source name oci:/nonexistent/layout:app: lstat /nonexistent: no such file or directory',
      'SOURCE_NOT_FOUND',
      6,
    ],
    [
      'initializing source oci:img1:zz: no descriptor found for reference "zz"',
      'SOURCE_NOT_FOUND',
      6,
    ],
    [
      'initializing source docker-archive:/nope.tar: opening file "/nope.tar": open /nope.tar: no such file or directory',
      'SOURCE_NOT_FOUND',
      6,
    ],
    [
      'initializing source docker-daemon:app:dev: loading image from docker engine: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?',
      'SOURCE_NOT_FOUND',
      6,
    ],
    [
      'initializing source docker://h/a/nothere:t: reading manifest t in h/a/nothere: manifest unknown: manifest unknown',
      'SOURCE_NOT_FOUND',
      6,
    ],
    [
      'writing blob: Patch "http://127.0.0.1:4/v2/a/blobs/uploads/u": readfrom tcp 127.0.0.1:3->127.0.0.1:4: write tcp 127.0.0.1:3->127.0.0.1:4: use of closed network connection',
      'UNREACHABLE',
      5,
    ],
    [
      'writing blob: Patch "http://h/v2/a/blobs/uploads/u": write tcp 10.0.0.2:3->10.0.0.1:443: write: broken pipe',
      'UNREACHABLE',
      5,
    ],
    [
      'trying to reuse blob sha256:37 at destination: pinging container registry 127.0.0.1:1: Get "http://127.0.0.1:1/v2/": dial tcp 127.0.0.1:1: connect: connection refused',
      'UNREACHABLE',
      5,
    ],
    [
      'trying to reuse blob sha256:37 at destination: pinging container registry nosuchhost.invalid: Get "http://nosuchhost.invalid/v2/": dial tcp: lookup nosuchhost.invalid on 10.0.0.1:53: no such host',
      'UNREACHABLE',
      5,
    ],
    [
      'pinging container registry h: Get "https://h/v2/": dial tcp 10.0.0.1:443: i/o timeout',
      'TIMEOUT',
      5,
    ],
    ['copying image: context deadline exceeded', 'TIMEOUT', 5],
    [
      'writing manifest: uploading manifest t1 to h/app: received unexpected HTTP status: 500 Internal Server Error',
      'REGISTRY_ERROR',
      5,
    ],
    [
      'writing blob: initiating layer upload to /v2/app/blobs/uploads/ in h: too many requests',
      'RATE_LIMITED',
      5,
    ],
    [
      'trying to reuse blob sha256:37 at destination: checking whether a blob sha256:37 exists in h/app: authentication required',
      'UNAUTHORIZED',
      4,
    ],
    [
      'writing blob: initiating layer upload to /v2/app/blobs/uploads/ in h: unauthorized: authentication required',
      'UNAUTHORIZED',
      4,
    ],
    [
      'writing blob: initiating layer upload in h: denied: User is not authorized to perform ecr:InitiateLayerUpload',
      'DENIED',
      4,
    ],
    [
      "writing blob: initiating layer upload in h: name unknown: The repository with name 'x' does not exist in the registry with id '1'",
      'REPOSITORY_NOT_FOUND',
      6,
    ],
    [
      "writing manifest: uploading manifest t1 to h/app: tag invalid: The image tag 't1' already exists in the 'app' repository and cannot be overwritten because the tag is immutable.",
      'TAG_EXISTS',
      3,
    ],
    ['writing manifest: uploading manifest t1 to h/app: TAG_INVALID: tag exists', 'TAG_EXISTS', 3],
    [
      'copying image 1/2 from manifest list: Unknown media type during manifest conversion: "application/vnd.in-toto+json"',
      'UNSUPPORTED_CONVERSION',
      2,
    ],
    [
      'Invalid destination name docker://h/A/b:y: invalid reference format: repository name must be lowercase',
      'INVALID_REFERENCE',
      2,
    ],
    ['something nobody has seen before', 'INTERNAL', 1],
  ])('%s → %s', (msg, code, exit) => {
    const err = classifySkopeoError(fatal(msg), ctx);
    expect(err.code).toBe(code);
    expect(err.exitCode).toBe(exit);
    expect(err.hint).not.toBe('');
  });

  test('the conversion error explains attestations and both ways out', () => {
    const err = classifySkopeoError(
      fatal('Unknown media type during manifest conversion: "application/vnd.in-toto+json"'),
      ctx,
    );
    expect(err.hint).toMatch(/--format oci/);
    expect(err.hint).toMatch(/--provenance=false --sbom=false/);
  });

  test('not-found on the destination side names the repository, not the source', () => {
    const err = classifySkopeoError(
      fatal('writing manifest: manifest unknown: manifest unknown'),
      ctx,
    );
    expect(err.code).toBe('REPOSITORY_NOT_FOUND');
    expect(err.message).toContain('registry.example/app:t1');
  });

  test('sourceSide forces the source reading (skopeo inspect of a source)', () => {
    const err = classifySkopeoError(fatal('reading manifest t in h/a: manifest unknown'), {
      ...ctx,
      sourceSide: true,
    });
    expect(err.code).toBe('SOURCE_NOT_FOUND');
  });
});

describe('reads of the source: named as the source, a 504 is an answer', () => {
  test.each([
    'reading blob sha256:97d9b238148d0117c20e98b9faccf9724e2622bf4a65f2f819e9b5c94cafe20a: Error fetching blob: invalid status code from registry 503 (Service Unavailable)',
    'reading config blob sha256:a829d5e28df96707f27f6090fefffc207752d8a34d97dad4e28386f35cfd344f: Error fetching blob: invalid status code from registry 504 (Gateway Timeout)',
    'copying image 2/2 from manifest list: determining manifest MIME type for docker://h/src/multi:v1: reading manifest sha256:47a9e2c10dfa60afe6fee3893c8e446f028c1e7beb3804b81dab2dd9e5a9dbe2 in h/src/multi: received unexpected HTTP status: 503 Service Unavailable',
  ])('%s', (msg) => {
    const err = classifySkopeoError(fatal(msg), {
      source: 'docker://h/src/app:v1',
      dest: ctx.dest,
    });
    expect(err.code).toBe('REGISTRY_ERROR');
    expect(err.atSource).toBe(true);
    expect(err.message).toMatch(/^source docker:\/\/h\/src\/app:v1: the registry failed: /);
  });
  test('a destination failure stays the destination', () => {
    const err = classifySkopeoError(
      fatal('writing blob: unexpected http code 503 service unavailable'),
      ctx,
    );
    expect(err.atSource).toBe(false);
    expect(err.message.startsWith(ctx.dest)).toBe(true);
  });
  test('a time-out of our own is still TIMEOUT, whatever numbers the names hold', () => {
    expect(classifySkopeoError(fatal('writing blob: context deadline exceeded'), ctx).code).toBe(
      'TIMEOUT',
    );
    expect(
      classifySkopeoError(
        fatal(
          'initializing source docker://registry-504.example/app:v1: pinging container registry registry-504.example: Get "https://registry-504.example/v2/": context deadline exceeded',
        ),
        ctx,
      ).code,
    ).toBe('TIMEOUT');
  });
  test("Docker Hub's pull limit is a rate limit", () => {
    expect(
      classifySkopeoError(
        fatal(
          'initializing source docker://docker.io/library/alpine:3: reading manifest 3 in docker.io/library/alpine: toomanyrequests: You have reached your pull rate limit. You may increase the limit by authenticating and upgrading: https://www.docker.com/increase-rate-limit',
        ),
        { source: 'docker://docker.io/library/alpine:3', dest: ctx.dest },
      ).code,
    ).toBe('RATE_LIMITED');
  });
  test('the destination reading a blob to reuse it is the destination', () => {
    const err = classifySkopeoError(
      fatal(
        'trying to reuse blob sha256:97d9b238148d0117c20e98b9faccf9724e2622bf4a65f2f819e9b5c94cafe20a at destination: pinging container registry h: received unexpected HTTP status: 503 Service Unavailable',
      ),
      ctx,
    );
    expect(err.atSource).toBe(false);
  });
});

describe('a certificate skopeo does not trust', () => {
  test('the source: its host in the hint, with NODE_EXTRA_CA_CERTS and certs.d', () => {
    const err = classifySkopeoError(
      fatal(
        'initializing source docker://reg.internal:5000/app:v1: pinging container registry reg.internal:5000: Get "https://reg.internal:5000/v2/": x509: certificate signed by unknown authority',
      ),
      { source: 'docker://reg.internal:5000/app:v1', dest: ctx.dest },
    );
    expect(err.code).toBe('UNREACHABLE');
    expect(err.message).toMatch(
      /^source docker:\/\/reg\.internal:5000\/app:v1: skopeo does not trust/,
    );
    expect(err.hint).toContain('NODE_EXTRA_CA_CERTS');
    expect(err.hint).toContain('/etc/containers/certs.d/reg.internal:5000/ca.crt');
    expect(worthCopyingAgain(err)).toBe(false);
  });
});

describe('a certificate that does not verify for another reason, or a Docker Hub source', () => {
  test('docker://alpine:3 behind a TLS-inspecting proxy: the hint names docker.io', () => {
    const err = classifySkopeoError(
      fatal(
        'initializing source docker://alpine:3: pinging container registry registry-1.docker.io: Get "https://registry-1.docker.io/v2/": x509: certificate signed by unknown authority',
      ),
      { source: 'docker://alpine:3', dest: ctx.dest },
    );
    expect(err.hint).toContain('/etc/containers/certs.d/docker.io/ca.crt');
  });
  test('a certificate for another name: no advice to add a CA', () => {
    const err = classifySkopeoError(
      fatal(
        'initializing source docker://reg.internal:5000/app:v1: pinging container registry reg.internal:5000: Get "https://reg.internal:5000/v2/": x509: certificate is valid for other.internal, not reg.internal',
      ),
      { source: 'docker://reg.internal:5000/app:v1', dest: ctx.dest },
    );
    expect(err.code).toBe('UNREACHABLE');
    expect(err.hint).not.toContain('NODE_EXTRA_CA_CERTS');
    expect(err.hint).toContain('reg.internal:5000 does not verify');
  });
});

describe('worthCopyingAgain: which failed copies are run again', () => {
  test.each([
    ['writing blob: Patch "http://h/v2/a/blobs/uploads/u": read: connection reset by peer', true],
    [
      'writing manifest: uploading manifest race to h/demo/app: errors:\\ndigest invalid\\nmanifest blob unknown: blob unknown to registry\\n',
      true,
    ],
    ['writing manifest: uploading manifest t to h/a: manifest invalid: manifest invalid', false],
    ['writing blob: write tcp 1->2: use of closed network connection', true],
    ['pinging container registry h: dial tcp 127.0.0.1:1: connect: connection refused', false],
    ['writing blob: unexpected http code 503 service unavailable', false],
    ['writing blob: too many requests (429)', false],
    // reads of a docker:// source (messages of skopeo 1.9.3 against a registry answering 5xx)
    [
      'reading blob sha256:97d9b238148d0117c20e98b9faccf9724e2622bf4a65f2f819e9b5c94cafe20a: Error fetching blob: invalid status code from registry 503 (Service Unavailable)',
      true,
    ],
    [
      'reading config blob sha256:a829d5e28df96707f27f6090fefffc207752d8a34d97dad4e28386f35cfd344f: Error fetching blob: invalid status code from registry 504 (Gateway Timeout)',
      true,
    ],
    [
      'copying image 1/2 from manifest list: reading config blob sha256:427d838fd7c91573385ef8bfa8e34a1d98144310cde6309726b216307e9fda22: Error fetching blob: invalid status code from registry 503 (Service Unavailable)',
      true,
    ],
    [
      'copying image 2/2 from manifest list: determining manifest MIME type for docker://h/src/multi:v1: reading manifest sha256:47a9e2c10dfa60afe6fee3893c8e446f028c1e7beb3804b81dab2dd9e5a9dbe2 in h/src/multi: received unexpected HTTP status: 503 Service Unavailable',
      true,
    ],
    [
      'initializing source docker://h/src/app:v1: reading manifest v1 in h/src/app: received unexpected HTTP status: 502 Bad Gateway',
      true,
    ],
    // skopeo has waited out a 429 itself (~30 s) before it says so: not run again
    [
      'reading blob sha256:97d9b238148d0117c20e98b9faccf9724e2622bf4a65f2f819e9b5c94cafe20a: too many requests to registry',
      false,
    ],
    // the destination's failures in a relayed push are the relay's to retry, not a copy's
    [
      'trying to reuse blob sha256:97d9b238148d0117c20e98b9faccf9724e2622bf4a65f2f819e9b5c94cafe20a at destination: pinging container registry h: received unexpected HTTP status: 503 Service Unavailable',
      false,
    ],
    [
      'writing manifest: uploading manifest t1 to h/app: received unexpected HTTP status: 503 Service Unavailable',
      false,
    ],
    // a number in a host or repository name is not a status
    [
      'initializing source docker://registry-504.example/team/app-500:v1: pinging container registry registry-504.example: Get "https://registry-504.example/v2/": context deadline exceeded',
      false,
    ],
    [
      'initializing source docker://h/team/app-500:v1: reading manifest v1 in h/team/app-500: received unexpected HTTP status: 501 Not Implemented',
      false,
    ],
    // a source that refuses us is not asked again
    [
      'initializing source docker://h/src/app:v1: reading manifest v1 in h/src/app: unauthorized: authentication required',
      false,
    ],
  ])('%s → %s', (msg, again) => {
    expect(worthCopyingAgain(classifySkopeoError(fatal(msg), ctx))).toBe(again);
  });
  test('anything but a DigestpinError is not retried', () => {
    expect(worthCopyingAgain(new Error('connection reset'))).toBe(false);
    expect(worthCopyingAgain(new Error('blob unknown on the manifest upload'))).toBe(false);
  });
});
