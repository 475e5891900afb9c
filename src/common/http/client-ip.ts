import type { Request } from 'express';

/**
 * The client a request comes from, for per-client limits: the socket's peer, or with TRUST_PROXY = n the address
 * n trusted proxies saw (Express's `trust proxy`). An IPv4 address is written the same whether the socket is IPv4 or
 * IPv6 (`::ffff:10.0.0.1` → `10.0.0.1`).
 */
export function clientIp(req: Pick<Request, 'ip' | 'socket'>): string {
  const ip = req.ip ?? req.socket?.remoteAddress ?? 'unknown';
  return ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice('::ffff:'.length) : ip;
}
