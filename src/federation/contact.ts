/**
 * Who runs the subgraph and where problems go (`@contact`): GraphOS and other platforms show it
 * beside the hub's types. The url is the project's issue tracker; change it here when the
 * repository moves (schema.graphql follows on `npm run schema:emit`).
 */
export const HUB_CONTACT = {
  name: 'DTM Hub',
  url: 'https://github.com/dtm-hub/dtm-hub/issues',
  description:
    'GraphQL hub of IOM DTM flow-monitoring data on Venezuelan refugees and migrants. Report a wrong figure, a refused query or a ' +
    'schema problem as an issue at this url, with the operation and the answer\'s error code.',
} as const;
