// Every JSON response the end-to-end tests received validates against
// docs/openapi.json's schema for its route, method and status, and no
// response has a route or status the document lacks.
//
//   mkdir -p /tmp/sb-responses
//   SWITCHBOARD_E2E_RESPONSES=/tmp/sb-responses build/switchboard_tests --gtest_filter='*E2E*'
//   SWITCHBOARD_E2E_RESPONSES=/tmp/sb-responses node --test scripts/openapi/
//
// The recordings are tests/e2e/response_recorder.hpp's lines. Responses to
// paths no route matches (404/405 from the router) are not checked.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const here = dirname(fileURLToPath(import.meta.url));
const dir = process.env.SWITCHBOARD_E2E_RESPONSES;
const docText = readFileSync(join(here, "../../docs/openapi.json"), "utf8");
// The component schemas become one schema of their own (`oa`), so each
// response schema's $ref resolves with Ajv.
const doc = JSON.parse(docText.replaceAll('"#/components/schemas/', '"oa#/$defs/'));

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ $id: "oa", $defs: doc.components.schemas });

function response(route, method, status) {
  const op = doc.paths[route]?.[method.toLowerCase()];
  if (!op) return { missing: `${method} ${route} is not in the document` };
  let r = op.responses[String(status)];
  if (!r) return { missing: `${method} ${route} has no ${status} response in the document` };
  if (r.$ref) r = doc.components.responses[r.$ref.split("/").pop()];
  return { response: r };
}

const validators = new Map();
function validatorFor(key, schema) {
  if (!validators.has(key)) validators.set(key, ajv.compile(schema));
  return validators.get(key);
}

function recordings() {
  const out = [];
  for (const name of readdirSync(dir)) {
    if (!name.endsWith(".jsonl")) continue;
    for (const line of readFileSync(join(dir, name), "utf8").split("\n")) {
      if (line.trim()) out.push(JSON.parse(line));
    }
  }
  return out;
}

test("the document's schemas compile", () => {
  for (const [route, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      for (const [status, r0] of Object.entries(op.responses)) {
        const r = r0.$ref ? doc.components.responses[r0.$ref.split("/").pop()] : r0;
        const schema = r.content?.["application/json"]?.schema;
        if (schema) validatorFor(`${method} ${route} ${status}`, schema);
      }
    }
  }
});

test("every recorded response validates against the document", { skip: !dir && "SWITCHBOARD_E2E_RESPONSES is not set" }, () => {
  const all = recordings();
  assert.ok(all.length > 0, `no recordings in ${dir}`);
  const problems = new Map();  // one line per distinct problem, with a count
  let checked = 0;
  for (const rec of all) {
    if (rec.route === null) continue;
    const { missing, response: r } = response(rec.route, rec.method, rec.status);
    const key = `${rec.method} ${rec.route} ${rec.status}`;
    if (missing) {
      problems.set(missing, (problems.get(missing) ?? 0) + 1);
      continue;
    }
    checked++;
    if (rec.body === null) continue;  // not JSON: nothing to validate
    const schema = r.content?.["application/json"]?.schema;
    if (!schema) {
      const p = `${key}: a JSON body where the document has none`;
      problems.set(p, (problems.get(p) ?? 0) + 1);
      continue;
    }
    const validate = validatorFor(key, schema);
    if (!validate(rec.body)) {
      const why = validate.errors.slice(0, 3).map((e) => `${e.instancePath || "/"} ${e.message}`).join("; ");
      const p = `${key}: ${why}`;
      problems.set(p, (problems.get(p) ?? 0) + 1);
    }
  }
  const report = [...problems].map(([p, n]) => `${n} x ${p}`).join("\n");
  assert.equal(problems.size, 0, `${problems.size} problems in ${checked} responses:\n${report}`);
});
