// Stand-in for "mc/config": the merged "config" of the app's manifests (passed by the test harness as
// --config=<json>) with "key=value" overrides from the command line, as mcconfig applies them.
import { option, overrides } from './env.js';

const merged = { ...JSON.parse(option('config', '{}')), ...overrides };
export default Object.freeze(merged, true);
