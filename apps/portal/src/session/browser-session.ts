/** Who is signed in, as the pages need it (no personnummer: the identity service never gives one out). */
export interface SignedInUser {
  kind: 'citizen' | 'official';
  name?: string;
  loa?: number;
  provider?: string;
  /** The identity session, to mark "this browser" among the person's sessions. */
  sessionId?: string;
  /** An official's roles and unit (SITHS, from the identity service's register of officials): which pages she may use. */
  roles?: string[];
  unit?: string;
}

/** A consent being signed: the order's handle, the notice and purpose, and the exact text and language shown. */
export interface ConsentSigning {
  orderId: string;
  notice: string;
  purpose: string;
  language: 'sv' | 'en';
  text: string;
}

/**
 * One browser's session with the portal. `_id` is the SHA-256 of the cookie's value, so a database read
 * yields no usable cookie. `sealed` holds the identity service's cookies and the current access token,
 * sealed with PORTAL_SESSION_SECRET: no token ever reaches the browser.
 */
export interface BrowserSession {
  _id: string;
  csrf: string;
  lang?: 'sv' | 'en';
  /** A sign-in under way: its id at the identity service. */
  loginId?: string;
  /** An official's SITHS sign-in under way at the IdP (the browser's binding cookie at identity is in `sealed`). */
  sithsPending?: boolean;
  /** A consent being signed with BankID: the sign order at the identity service and what it gives consent to. */
  signing?: ConsentSigning;
  user?: SignedInUser;
  sealed?: string;
  accessExpiresAt?: Date;
  createdAt: Date;
  lastSeenAt: Date;
  /** Idle timeout: moved forward by each request; a TTL index removes the record after it. */
  expiresAt: Date;
}
