/**
 * Single sign-on with a trust's identity provider (Microsoft Entra ID, NHS CIS2...) by OpenID Connect:
 * authorisation code flow with PKCE, state and nonce, through openid-client. The provider's metadata is
 * discovered on first use, so Parity starts even while the provider is unreachable.
 */
import type * as Client from 'openid-client';

/** openid-client, loaded at the first sign-in through the provider rather than when the program starts. */
const openid = () => import('openid-client');
import type { OidcConfig } from '../../config/config.js';
import { ParityError } from '../../shared/errors.js';

/** What must survive the round trip to the provider; kept in a signed, short-lived cookie. */
export interface PendingLogin {
  state: string;
  nonce: string;
  verifier: string;
  returnTo: string;
}

export interface OidcLogin {
  readonly label: string;
  readonly issuer: string;
  start(returnTo: string): Promise<{ url: string; pending: PendingLogin }>;
  /** Completes the flow for the callback URL; returns the configured claim's value. */
  finish(callbackUrl: URL, pending: PendingLogin): Promise<string>;
}

export function oidcLogin(settings: OidcConfig, publicUrl: string): OidcLogin {
  const redirectUri = `${publicUrl}/auth/oidc/callback`;
  let discovered: Promise<Client.Configuration> | null = null;

  const configuration = (): Promise<Client.Configuration> => {
    discovered ??= openid()
      .then((client) =>
        client.discovery(
          new URL(settings.issuer),
          settings.clientId,
          undefined,
          settings.clientAuth === 'client_secret_post'
            ? client.ClientSecretPost(settings.clientSecret)
            : client.ClientSecretBasic(settings.clientSecret),
          settings.allowHttp ? { execute: [client.allowInsecureRequests] } : undefined,
        ),
      )
      .catch((error: unknown) => {
        discovered = null; // try again on the next sign-in
        throw new ParityError(
          'CONFIG',
          `The identity provider ${settings.issuer} cannot be reached: ${(error as Error).message}`,
        );
      });
    return discovered;
  };

  return {
    label: settings.label,
    issuer: settings.issuer,

    async start(returnTo) {
      const [config, client] = await Promise.all([configuration(), openid()]);
      const verifier = client.randomPKCECodeVerifier();
      const pending: PendingLogin = {
        state: client.randomState(),
        nonce: client.randomNonce(),
        verifier,
        returnTo,
      };
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: settings.scopes,
        code_challenge: await client.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state: pending.state,
        nonce: pending.nonce,
      });
      return { url: url.href, pending };
    },

    async finish(callbackUrl, pending) {
      const [config, client] = await Promise.all([configuration(), openid()]);
      let tokens: Awaited<ReturnType<typeof Client.authorizationCodeGrant>>;
      try {
        tokens = await client.authorizationCodeGrant(config, callbackUrl, {
          pkceCodeVerifier: pending.verifier,
          expectedState: pending.state,
          expectedNonce: pending.nonce,
          idTokenExpected: true,
        });
      } catch (error) {
        throw new ParityError('UNAUTHENTICATED', `Single sign-on failed: ${(error as Error).message}`);
      }
      const claims = tokens.claims();
      if (!claims) throw new ParityError('UNAUTHENTICATED', 'Single sign-on failed: no ID token');
      let value: unknown = claims[settings.claim];
      if (value === undefined) {
        const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
        value = info[settings.claim];
      }
      if (typeof value !== 'string' || value.trim() === '')
        throw new ParityError(
          'UNAUTHENTICATED',
          `Single sign-on failed: the identity provider sent no '${settings.claim}' claim`,
        );
      return value.trim();
    },
  };
}
