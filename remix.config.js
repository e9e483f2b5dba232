// REMIX_BUILD_DIR puts a build elsewhere (server and browser assets together), so two checkouts'
// test runs on one machine do not overwrite each other's build. Default: build/ and public/build/.
const out = process.env.REMIX_BUILD_DIR;

/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.*"],
  serverModuleFormat: "esm",
  serverPlatform: "node",
  ...(out ? { serverBuildPath: `${out}/index.js`, assetsBuildDirectory: `${out}/assets` } : {}),
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: false,
  },
};
