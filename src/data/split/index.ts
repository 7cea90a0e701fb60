export * from './seeded-order.js';
export * from './stratified-split.js';
export * from './tail-per-group.js';
