// The part of autocannon 8's API that bench:web and the load proof use (the package ships no types).
declare module 'autocannon' {
  /** One request of a connection's sequence; `setupRequest` may rewrite it from the connection's context. */
  interface Request {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string;
    /** Returning null makes the connection start its sequence again from the first request. */
    setupRequest?: (request: Request, context: Record<string, unknown>) => Request | null;
    onResponse?: (status: number, body: string, context: Record<string, unknown>) => void;
  }
  interface Options {
    url: string;
    connections?: number;
    duration?: number;
    timeout?: number;
    headers?: Record<string, string>;
    /** The sequence each connection sends in a loop; its context starts empty on every loop. */
    requests?: Request[];
  }
  interface Result {
    errors: number;
    timeouts: number;
    non2xx: number;
  }
  interface Instance {
    stop(): void;
    on(event: 'reqError', listener: (error: Error) => void): Instance;
    on(
      event: 'response',
      listener: (client: unknown, statusCode: number, resBytes: number, responseTime: number) => void,
    ): Instance;
  }
  function autocannon(options: Options, callback: (error: Error | null, result: Result) => void): Instance;
  export default autocannon;
}
