/**
 * A SARIF 2.1.0 checker for tests (moved from test/unit/report/sarif.test.ts so that check's and
 * verify's reporters are held to the same constraints).
 */
// The essential constraints of the SARIF 2.1.0 schema (sarif-schema-2.1.0.json) for the objects we
// emit, plus what GitHub code scanning requires on top (rules with ids, relative forward-slash uris).
const ALLOWED: Record<string, string[]> = {
  log: ['$schema', 'version', 'runs', 'inlineExternalProperties', 'properties'],
  run: ['tool', 'invocations', 'results', 'originalUriBaseIds', 'artifacts', 'properties'],
  tool: ['driver', 'extensions', 'properties'],
  driver: [
    'name',
    'version',
    'semanticVersion',
    'informationUri',
    'rules',
    'fullName',
    'properties',
  ],
  rule: [
    'id',
    'name',
    'shortDescription',
    'fullDescription',
    'help',
    'helpUri',
    'defaultConfiguration',
    'properties',
  ],
  mfString: ['text', 'markdown', 'properties'],
  config: ['enabled', 'level', 'rank', 'parameters', 'properties'],
  result: [
    'ruleId',
    'ruleIndex',
    'rule',
    'kind',
    'level',
    'message',
    'locations',
    'partialFingerprints',
    'fingerprints',
    'properties',
  ],
  message: ['text', 'markdown', 'id', 'arguments', 'properties'],
  location: ['id', 'physicalLocation', 'logicalLocations', 'message', 'properties'],
  physical: ['address', 'artifactLocation', 'region', 'contextRegion', 'properties'],
  artifact: ['uri', 'uriBaseId', 'index', 'description', 'properties'],
  region: [
    'startLine',
    'startColumn',
    'endLine',
    'endColumn',
    'charOffset',
    'charLength',
    'byteOffset',
    'byteLength',
    'snippet',
    'message',
    'sourceLanguage',
    'properties',
  ],
  invocation: [
    'executionSuccessful',
    'toolExecutionNotifications',
    'toolConfigurationNotifications',
    'exitCode',
    'properties',
  ],
  notification: [
    'descriptor',
    'associatedRule',
    'level',
    'message',
    'locations',
    'exception',
    'properties',
  ],
};
const LEVELS = ['none', 'note', 'warning', 'error'];

export type Obj = Record<string, unknown>;
export function validate(doc: unknown): string[] {
  const errors: string[] = [];
  const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
  const obj = (v: unknown, kind: string, at: string, required: string[] = []): Obj => {
    if (!isObj(v)) {
      errors.push(`${at}: not an object`);
      return {};
    }
    for (const k of Object.keys(v))
      if (!ALLOWED[kind].includes(k)) errors.push(`${at}: unexpected property ${k}`);
    for (const k of required) if (!(k in v)) errors.push(`${at}: missing ${k}`);
    return v;
  };
  const arr = (v: unknown, at: string): unknown[] => {
    if (Array.isArray(v)) return v;
    errors.push(`${at}: not an array`);
    return [];
  };
  const str = (v: unknown, at: string) =>
    typeof v === 'string' || errors.push(`${at}: not a string`);
  const int = (v: unknown, min: number, at: string) =>
    (Number.isInteger(v) && (v as number) >= min) || errors.push(`${at}: not an integer >= ${min}`);
  const absUri = (v: unknown, at: string) => {
    if (typeof v !== 'string' || !/^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(v))
      errors.push(`${at}: not an absolute uri`);
  };
  const mf = (v: unknown, at: string) => str(obj(v, 'mfString', at, ['text']).text, `${at}.text`);
  const message = (v: unknown, at: string) => {
    const m = obj(v, 'message', at);
    if (!('text' in m) && !('id' in m)) errors.push(`${at}: needs text or id`);
    if ('text' in m) str(m.text, `${at}.text`);
  };
  const level = (v: unknown, at: string) =>
    LEVELS.includes(v as string) || errors.push(`${at}: bad level ${String(v)}`);
  const location = (v: unknown, at: string) => {
    const p = obj(obj(v, 'location', at).physicalLocation, 'physical', `${at}.physicalLocation`);
    const a = obj(p.artifactLocation, 'artifact', `${at}.artifactLocation`, ['uri']);
    const uri = a.uri;
    if (
      typeof uri !== 'string' ||
      uri.includes('\\') ||
      /^[a-z][a-z0-9+.-]*:/i.test(uri) ||
      uri.startsWith('/') ||
      /[\s%](?![0-9A-F]{2})/.test(uri)
    )
      errors.push(`${at}: uri ${String(uri)} is not a relative forward-slash uri reference`);
    if ('region' in p) {
      const r = obj(p.region, 'region', `${at}.region`);
      int(r.startLine, 1, `${at}.region.startLine`);
      if ('startColumn' in r) int(r.startColumn, 1, `${at}.region.startColumn`);
    }
  };

  const log = obj(doc, 'log', '$', ['version', 'runs']);
  if (log.version !== '2.1.0') errors.push('$.version must be 2.1.0');
  absUri(log.$schema, '$.$schema');
  const runs = arr(log.runs, '$.runs');
  runs.forEach((runValue, i) => {
    const at = `$.runs[${i}]`;
    const run = obj(runValue, 'run', at, ['tool']);
    const driver = obj(
      obj(run.tool, 'tool', `${at}.tool`, ['driver']).driver,
      'driver',
      `${at}.tool.driver`,
      ['name'],
    );
    str(driver.name, `${at}.driver.name`);
    str(driver.version, `${at}.driver.version`);
    absUri(driver.informationUri, `${at}.driver.informationUri`);
    const rules = arr(driver.rules, `${at}.driver.rules`).map((r, j) => {
      const rat = `${at}.driver.rules[${j}]`;
      const rule = obj(r, 'rule', rat, [
        'id',
        'shortDescription',
        'fullDescription',
        'help',
        'defaultConfiguration',
      ]);
      str(rule.id, `${rat}.id`);
      mf(rule.shortDescription, `${rat}.shortDescription`);
      mf(rule.fullDescription, `${rat}.fullDescription`);
      mf(rule.help, `${rat}.help`);
      if ('helpUri' in rule) absUri(rule.helpUri, `${rat}.helpUri`);
      level(
        obj(rule.defaultConfiguration, 'config', `${rat}.defaultConfiguration`).level,
        `${rat}.level`,
      );
      const props = rule.properties as Obj | undefined;
      if (props) {
        if (!arr(props.tags, `${rat}.tags`).every((t) => typeof t === 'string'))
          errors.push(`${rat}: tags`);
        if (!['very-high', 'high', 'medium', 'low'].includes(props.precision as string))
          errors.push(`${rat}: precision`);
        if (!['error', 'warning', 'recommendation'].includes(props['problem.severity'] as string))
          errors.push(`${rat}: problem.severity`);
      }
      return rule.id;
    });
    if (new Set(rules).size !== rules.length) errors.push(`${at}: rule ids are not unique`);
    arr(run.results, `${at}.results`).forEach((resValue, k) => {
      const rat = `${at}.results[${k}]`;
      const res = obj(resValue, 'result', rat, ['message', 'ruleId', 'locations']);
      message(res.message, `${rat}.message`);
      level(res.level, `${rat}.level`);
      int(res.ruleIndex, 0, `${rat}.ruleIndex`);
      if (rules[res.ruleIndex as number] !== res.ruleId)
        errors.push(`${rat}: ruleIndex does not point to ruleId`);
      const locs = arr(res.locations, `${rat}.locations`);
      if (locs.length === 0) errors.push(`${rat}: no location`);
      locs.forEach((l, m) => location(l, `${rat}.locations[${m}]`));
    });
    arr(run.invocations ?? [], `${at}.invocations`).forEach((invValue, k) => {
      const iat = `${at}.invocations[${k}]`;
      const inv = obj(invValue, 'invocation', iat, ['executionSuccessful']);
      if (typeof inv.executionSuccessful !== 'boolean') errors.push(`${iat}: executionSuccessful`);
      arr(inv.toolExecutionNotifications ?? [], `${iat}.notifications`).forEach((n, m) => {
        const nat = `${iat}.toolExecutionNotifications[${m}]`;
        const note = obj(n, 'notification', nat, ['message']);
        message(note.message, `${nat}.message`);
        level(note.level, `${nat}.level`);
        arr(note.locations ?? [], `${nat}.locations`).forEach((l, o) =>
          location(l, `${nat}.locations[${o}]`),
        );
      });
    });
  });
  return errors;
}
