// `node --import <this file>`: records every module URL the process loads into $RECORD_MODULES_FILE.
import { register } from 'node:module';

const hook = `
import fs from 'node:fs';
export async function load(url, context, next) {
  if (process.env.RECORD_MODULES_FILE) fs.appendFileSync(process.env.RECORD_MODULES_FILE, url + '\\n');
  return next(url, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);
