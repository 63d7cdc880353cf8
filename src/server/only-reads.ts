import type { RequestHandler, Router } from 'express';

/**
 * Lets only GET and HEAD into a router of pages or files: an Express router answers OPTIONS for
 * its own paths by itself (200 with an Allow header), which would take the CORS preflight of
 * /graphql away from the guards in front of Apollo, and browsers would refuse every dashboard's
 * request. Other methods go on to the next handler (Apollo, or the JSON 404/405).
 */
export function onlyReads(router: Router): RequestHandler {
  return (req, res, next) => (req.method === 'GET' || req.method === 'HEAD' ? router(req, res, next) : next());
}
