/**
 * Who runs the subgraph and where problems go (`@contact`): GraphOS and other platforms show it
 * beside the hub's types. No url: the project records no public tracker of its own, and a made-up
 * one would send reports nowhere; a deployment that has one adds it here (schema.graphql follows
 * on `npm run schema:emit`).
 */
export const HUB_CONTACT = {
  name: 'DTM Hub',
  description:
    'GraphQL hub of IOM DTM flow-monitoring data on Venezuelan refugees and migrants. Report a wrong figure, a refused query or a ' +
    'schema problem to the team that runs this hub, with the operation and the answer\'s error code.',
} as const;
