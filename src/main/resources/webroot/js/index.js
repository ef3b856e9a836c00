import { signedIn } from './common.js';

signedIn().catch(() => { /* the header stays plain; the links still work */ });
