/** Every role's inbox at /thong-bao (the header links here); the same page as /co-so/thong-bao. */
export { action, default, loader, meta } from "./co-so.thong-bao";
