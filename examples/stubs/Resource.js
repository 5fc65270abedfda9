/* global mapFile, readFile */
// Stand-in for Moddable's "Resource" (modules/files/resource): a resource is a read-only buffer that
// never moves. Here it is the file <--resources>/<path> mapped read-only by the Linux XS host.
import { option } from './env.js';

const pathOf = (path) => `${option('resources', '.')}/${path}`;

export default class Resource {
  constructor(path) {
    try {
      return mapFile(pathOf(path), true);
    } catch {
      throw new Error(`Resource "${path}" not found`);
    }
  }

  static exists(path) {
    try {
      readFile(pathOf(path));
      return true;
    } catch {
      return false;
    }
  }
}
