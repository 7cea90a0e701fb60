export * from './planted-faults.js';
