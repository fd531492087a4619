#!/usr/bin/env node
// The `hamlet` command. The project runs from TypeScript sources through tsx,
// so there is no separate build step between `npm install` and `npm start`.
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
