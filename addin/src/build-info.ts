// The build stamps the add-in's version in with esbuild's `define` (scripts/build-addin.mjs).
// Outside a build (unit tests importing source) the identifier is undeclared; `typeof` keeps that safe.
declare const __ADDIN_VERSION__: string | undefined;

export const ADDIN_VERSION: string = typeof __ADDIN_VERSION__ === 'string' ? __ADDIN_VERSION__ : '0.0.0-dev';
