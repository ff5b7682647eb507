import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { interpolate, referencedVariables, serviceEnvironment } from './compose-env.ts';

const vars = { SET: 'value', EMPTY: '', OTHER: 'o' };

test('interpolate: substitution table', () => {
  const cases: Array<[string, string]> = [
    ['plain text', 'plain text'],
    ['$SET', 'value'],
    ['${SET}', 'value'],
    ['a${SET}b', 'avalueb'],
    ['$SET.x', 'value.x'],
    ['$SET-x', 'value-x'],
    ['$UNSET', ''],
    ['${UNSET}', ''],
    ['${EMPTY}', ''],
    ['${SET:-d}', 'value'],
    ['${EMPTY:-d}', 'd'],
    ['${UNSET:-d}', 'd'],
    ['${SET-d}', 'value'],
    ['${EMPTY-d}', ''],
    ['${UNSET-d}', 'd'],
    ['${SET:+alt}', 'alt'],
    ['${EMPTY:+alt}', ''],
    ['${UNSET:+alt}', ''],
    ['${SET+alt}', 'alt'],
    ['${EMPTY+alt}', 'alt'],
    ['${UNSET+alt}', ''],
    ['${SET:?boom}', 'value'],
    ['${EMPTY?boom}', ''],
    ['$$', '$'],
    ['$$SET', '$SET'],
    ['$${SET}', '${SET}'],
    ['price: $$5', 'price: $5'],
    ['${UNSET:-${OTHER}}', 'o'],
    ['${UNSET:-$OTHER-x}', 'o-x'],
    ['${UNSET:-${ALSO_UNSET:-deep}}', 'deep'],
    ['${UNSET:-a:b/c}', 'a:b/c'],
    ['${UNSET:-}', ''],
    ['bedrock/converse/${UNSET:-amazon.nova-lite-v1:0}', 'bedrock/converse/amazon.nova-lite-v1:0'],
    ['${SET}${OTHER}', 'valueo'],
    ['${UNSET:-$$literal}', '$literal'],
  ];
  for (const [input, want] of cases) assert.equal(interpolate(input, vars), want, input);
});

test('interpolate: error table', () => {
  const cases: Array<[string, RegExp]> = [
    ['${EMPTY:?EMPTY is not set; run make setup}', /required variable EMPTY is missing a value: EMPTY is not set; run make setup/],
    ['${UNSET:?}', /required variable UNSET is missing a value$/],
    ['${UNSET?needed}', /required variable UNSET is missing a value: needed/],
    ['${UNSET:?${OTHER} missing}', /: o missing/],
    ['${SET', /missing closing brace/],
    ['$1', /invalid interpolation format/],
    ['trailing $', /invalid interpolation format/],
    ['${1X}', /invalid interpolation format/],
    ['${SET:x}', /invalid interpolation format/],
  ];
  for (const [input, want] of cases) assert.throws(() => interpolate(input, vars), want, input);
});

test('serviceEnvironment: map and list forms', () => {
  const doc = parse(`
services:
  m:
    environment:
      A: \${SET}
      B: "\${UNSET:-dflt}"
      C: 42
      D: true
      PASS:
      MISSING:
      E: ""
  l:
    environment:
      - A=\${SET}
      - B=x=y
      - PASS
      - MISSING
      - E=
  none: {}
`);
  const v = { SET: 'value', PASS: 'through' };
  const cases: Array<[string, Record<string, string>]> = [
    ['m', { A: 'value', B: 'dflt', C: '42', D: 'true', PASS: 'through', E: '' }],
    ['l', { A: 'value', B: 'x=y', PASS: 'through', E: '' }],
    ['none', {}],
  ];
  for (const [svc, want] of cases) assert.deepEqual(serviceEnvironment(doc, svc, v), want, svc);
  assert.throws(() => serviceEnvironment(doc, 'nope', v), /service "nope"/);
});

test("serviceEnvironment: the kit's litellm service", () => {
  const file = fileURLToPath(new URL('../../compose/docker-compose.yaml', import.meta.url));
  const doc = parse(readFileSync(file, 'utf8'));
  const base = {
    LITELLM_MASTER_KEY: 'sk-m',
    LITELLM_SALT_KEY: 'sk-s',
    POSTGRES_PASSWORD: 'pg',
    S3_WRITER_ACCESS_KEY: 'w',
    S3_WRITER_SECRET_KEY: 'ws',
  };
  const env = serviceEnvironment(doc, 'litellm', { ...base, AWS_SESSION_TOKEN: 'tok', AWS_ACCESS_KEY_ID: 'AKIA' });
  assert.equal(env.BEDROCK_AWS_SESSION_TOKEN, 'tok');
  assert.equal(env.BEDROCK_AWS_ACCESS_KEY_ID, 'AKIA');
  assert.equal(env.AWS_SESSION_TOKEN, '');
  assert.equal(env.BEDROCK_MODEL, 'bedrock/converse/amazon.nova-lite-v1:0');
  assert.equal(env.DATABASE_URL, 'postgresql://litellm:pg@postgres:5432/litellm');
  assert.throws(() => serviceEnvironment(doc, 'litellm', { ...base, LITELLM_MASTER_KEY: '' }), /LITELLM_MASTER_KEY is not set; run make setup/);
});

test('referencedVariables', () => {
  const cases: Array<[string, string[]]> = [
    ['a: $A\nb: ${B:-${C}}\nc: $$D\n', ['A', 'B', 'C']],
    ['# $COMMENTED is not interpolated\na: x\n', []],
    ['l:\n  - ${X:?needs X}\n  - "${Y:+$Z}"\n  - ${X}\n', ['X', 'Y', 'Z']],
    ['${KEY_VAR}: v\n', ['KEY_VAR']],
  ];
  for (const [text, want] of cases) assert.deepEqual(referencedVariables(text), want, text);

  const compose = readFileSync(fileURLToPath(new URL('../../compose/docker-compose.yaml', import.meta.url)), 'utf8');
  const names = referencedVariables(compose);
  for (const n of ['COMPOSE_PROJECT_NAME', 'AWS_SESSION_TOKEN', 'BEDROCK_MODEL_ID', 'S3_FLUSH_INTERVAL_SECONDS', 'LITELLM_IMAGE']) {
    assert.ok(names.includes(n), n);
  }
});
