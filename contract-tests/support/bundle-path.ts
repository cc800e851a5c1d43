// Where the bundled spec is, in a module of its own: the mock's process needs the path but not spec.ts's Ajv and
// parsed spec, which cost a few hundred ms of CPU to load.
import { fileURLToPath } from "node:url";

/** Path of the bundled spec that `npm run generate` writes. */
export const bundlePath = fileURLToPath(new URL("../../generated/openapi.json", import.meta.url));
