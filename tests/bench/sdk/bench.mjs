// The benchmark job done with the official OpenAI SDK, as a developer would write it: N images at a fixed
// concurrency, each written to disk. Run by scripts/bench-sdk, which measures the process from outside.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import OpenAI from 'openai';

const { values } = parseArgs({
  options: {
    'base-url': { type: 'string' },
    prompts: { type: 'string' },
    concurrency: { type: 'string', default: '8' },
    output: { type: 'string' },
    model: { type: 'string', default: 'gpt-image-1' },
    size: { type: 'string', default: '1024x1024' },
    quality: { type: 'string', default: 'low' },
  },
});
if (!values['base-url'] || !values.prompts || !values.output) {
  console.error('usage: bench.mjs --base-url URL --prompts FILE --output DIR [--concurrency N]');
  process.exit(2);
}

const prompts = (await readFile(values.prompts, 'utf8')).split('\n').filter((line) => line.trim() !== '');
await mkdir(values.output, { recursive: true });
// The same retry budget as Atelier's default, so that neither gives up sooner.
const client = new OpenAI({ baseURL: values['base-url'], apiKey: process.env.OPENAI_API_KEY, maxRetries: 3 });

let next = 0;
let failed = 0;
async function worker() {
  while (next < prompts.length) {
    const index = next++;
    try {
      const result = await client.images.generate({
        model: values.model,
        prompt: prompts[index],
        size: values.size,
        quality: values.quality,
      });
      await writeFile(join(values.output, `${index + 1}.png`), Buffer.from(result.data[0].b64_json, 'base64'));
    } catch (error) {
      failed++;
      console.error(`image ${index + 1}: ${error.message}`);
    }
  }
}
await Promise.all(Array.from({ length: Number(values.concurrency) }, worker));
console.log(`${prompts.length - failed} of ${prompts.length} images written`);
process.exit(failed === 0 ? 0 : 1);
