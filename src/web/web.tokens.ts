/** The provider of the pages' session and CSRF helpers (`WebSecurity`, built in `createApp`). */
export const WEB_SECURITY = Symbol('WEB_SECURITY');
