// Preloaded into a child process (`node --import <this file>`): appends the address of every module the
// process loads, and the packages whose code each holds, to the file named by PARITY_LOADED_SOURCES, one
// JSON line a module. Tests read it to check what a command loads (not how long it takes).
import { register } from 'node:module';

register(new URL('./loaded-sources-hooks.mjs', import.meta.url), {
  data: { file: process.env.PARITY_LOADED_SOURCES },
});
