// Validates what `tend export` writes, offline, against the published schemas:
//   node validate.mjs compose FILE...     the compose-spec JSON schema (vendored: compose-spec/SOURCE.md)
//   node validate.mjs kubernetes FILE...  the Kubernetes API models (package kubernetes-models)
// Prints every error as "FILE: [document N] path: message" and exits 1 if there was any.
// Install the packages with `npm ci` in this folder (package-lock.json pins them).
import fs from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const yaml = require("js-yaml");
const [mode, ...files] = process.argv.slice(2);
let errors = 0;
const fail = (file, text) => { errors++; console.error(`${file}: ${text}`); };

function validateCompose(file) {
  // The current compose-spec schema, vendored with its source and commit (compose-spec/SOURCE.md).
  const Ajv = require("ajv").default;
  const schema = JSON.parse(fs.readFileSync(new URL("./compose-spec/compose-spec.json", import.meta.url), "utf8"));
  // Formats such as "duration" are compose's own words, checked by the real client (docker-compose config).
  // The schema names its meta-schema by an address Ajv does not know (draft-07 over https): it is left out.
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, validateSchema: false });
  const { $schema, ...withoutMeta } = schema;
  const validate = ajv.compile(withoutMeta);
  const doc = yaml.load(fs.readFileSync(file, "utf8"));
  if (!validate(doc)) for (const e of validate.errors) fail(file, `${e.instancePath || "/"}: ${e.message} ${JSON.stringify(e.params)}`);
}

function validateKubernetes(file) {
  const docs = yaml.loadAll(fs.readFileSync(file, "utf8")).map((d, i) => [d, i + 1]).filter(([d]) => d !== null);
  if (docs.length === 0) fail(file, "no document");
  for (const [doc, n] of docs) {
    const { apiVersion, kind } = doc;
    const module = `kubernetes-models/${apiVersion}`;
    let Model;
    try { Model = require(module)[kind]; } catch { Model = undefined; }
    if (!Model) { fail(file, `[document ${n}] unknown apiVersion/kind ${apiVersion} ${kind}`); continue; }
    try { new Model(doc).validate(); } catch (e) { fail(file, `[document ${n}] ${kind}: ${e.message}`); }
  }
}

if (!["compose", "kubernetes"].includes(mode) || files.length === 0) {
  console.error("usage: node validate.mjs compose|kubernetes FILE...");
  process.exit(2);
}
for (const file of files) (mode === "compose" ? validateCompose : validateKubernetes)(file);
if (errors === 0) console.log(`${files.length} file(s) valid`);
process.exit(errors === 0 ? 0 : 1);
