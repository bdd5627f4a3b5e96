#!/usr/bin/env node
import { buildApp } from './build-app';

const built = buildApp();
if (built.error !== undefined) {
  // A user error: the message says everything; a stack trace would only hide it.
  console.error(built.error);
  process.exit(1);
}
