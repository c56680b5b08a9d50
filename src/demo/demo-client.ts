/** A tiny HTTP client for the demo: one method per call, failing loudly on an unexpected status. */
export interface DemoKeys {
  manager: string;
  finance: string;
  approver: string;
  auditor: string;
}

export class DemoClient {
  constructor(
    private readonly baseUrl: string,
    readonly keys: DemoKeys,
  ) {}

  async post<T = Record<string, unknown>>(path: string, key: string, body: unknown, expect = [200, 201]): Promise<T> {
    return this.call<T>('POST', path, key, body, expect);
  }

  async get<T = Record<string, unknown>>(path: string, key: string, expect = [200]): Promise<T> {
    return this.call<T>('GET', path, key, undefined, expect);
  }

  private async call<T>(method: string, path: string, key: string, body: unknown, expect: number[]): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const json = text ? (JSON.parse(text) as T) : ({} as T);
    if (!expect.includes(response.status)) {
      throw new Error(`${method} ${path} → ${response.status} (expected ${expect.join('/')}): ${text}`);
    }
    return json;
  }
}
