export { burnPasswordCheck, hashPassword, verifyPassword } from './password.ts';
