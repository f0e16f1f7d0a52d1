export * from './permissions.ts';
export * from './regions.ts';
export * from './works.ts';
export * from './sirens.ts';
export * from './works-rules.ts';
export * from './accounts.ts';
export * from './planning.ts';
export * from './building-rules.ts';
