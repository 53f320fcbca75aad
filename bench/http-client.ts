/**
 * The load benchmark's client: plain HTTP/1.1 over a pool of kept-alive connections, one per concurrent client, so
 * no request waits for a socket and none pays a new connection. node:http rather than fetch: fetch's per-request
 * work (WHATWG Request/Response and streams) runs on the same two cores as the server being measured.
 */
import http from 'node:http';

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

export interface RequestSpec {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

export class KeepAliveClient {
  private readonly agent: http.Agent;

  constructor(connections: number) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  }

  send(url: string, spec: RequestSpec = {}): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const headers = { ...spec.headers, ...(spec.body === undefined ? {} : { 'Content-Length': String(Buffer.byteLength(spec.body)) }) };
      const req = http.request(url, { method: spec.method ?? 'GET', headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(spec.body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
