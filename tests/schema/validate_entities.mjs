// Validates normalized entities produced by the running gateway against schema/v1 with ajv
// (an independent validator). Input: a JSON file {"order": [...], "customer": [...], ...}.
// Prints one line per invalid entity and exits 1 if there was any.
// usage: node validate_entities.mjs <schema dir> <tools dir> <entities.json>
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const [schemaDir, toolsDir, file] = process.argv.slice(2);
const require = createRequire(join(toolsDir, 'package.json'));
const Ajv2020 = require('ajv/dist/2020').default;
const addFormats = require('ajv-formats');

const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
for (const name of readdirSync(schemaDir).filter((f) => f.endsWith('.json'))) {
  ajv.addSchema(JSON.parse(readFileSync(join(schemaDir, name), 'utf8')));
}
const byEntity = JSON.parse(readFileSync(file, 'utf8'));
let invalid = 0, checked = 0;
for (const [entity, items] of Object.entries(byEntity)) {
  const schema = JSON.parse(readFileSync(join(schemaDir, `${entity}.json`), 'utf8'));
  const validate = ajv.getSchema(schema.$id);
  for (const item of items) {
    checked++;
    if (!validate(item)) {
      invalid++;
      console.log(`${entity} ${item.platform}/${item.id}: ${ajv.errorsText(validate.errors)}`);
    }
  }
}
console.log(`${checked} entities checked, ${invalid} invalid`);
process.exit(invalid === 0 ? 0 : 1);
