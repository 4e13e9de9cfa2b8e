/**
 * The Markdown `info.description` Twenty 2.21 serves in both OpenAPI documents, verbatim, including its stale
 * claims (`/rest/core/...` URLs, "max: 60"): the sandbox imitates the real text, not a corrected one.
 */
export const infoDescription = (serverUrl: string, kind: 'core' | 'metadata'): string => `Use this page to explore and call the **REST API**.

## Authentication

Send a Bearer token with each request:

\`\`\`http
Authorization: Bearer <token>
\`\`\`

Example cURL:

\`\`\`bash
curl -H 'Authorization: Bearer <token>' <server>/rest/core/companies
\`\`\`

Tokens can be generated in Settings → Playground and are workspace-scoped.

> **Never put your token in a URL.** Tokens passed as query parameters end up in
> server access logs, browser history, and \`Referer\` headers, which is why the
> API only accepts tokens from the \`Authorization\` header.


## Filters

Use the \`filter\` query parameter to narrow results.

- Format: \`field[COMPARATOR]:value\`
- Multiple conditions: \`field1[eq]:1,field2[gte]:10\` (root conjunction is AND)
- Composite fields: \`field.subField[COMPARATOR]:value\`
- Common comparators: \`eq\`, \`neq\`, \`in\`, \`containsAny\`, \`is\`, \`gt\`, \`gte\`, \`lt\`, \`lte\`, \`startsWith\`, \`like\`, \`ilike\`
- Wildcards: For \`like\`/\`ilike\`, use \`%\` as a wildcard (e.g. \`%value%\` for substring match)

Examples:

\`\`\`text
filter=status[eq]:"open"
filter=createdAt[gte]:"2024-01-01"
filter=owner.name[ilike]:"%smith%"
filter=id[in]:["id-1","id-2"]
filter=deletedAt[is]:NULL
filter=isActive[eq]:true
\`\`\`

Advanced (optional): \`and(...)\`, \`or(...)\`, \`not(...)\` (\`not\` wraps one condition)

\`\`\`text
filter=or(status[eq]:"open",assigneeId[is]:NULL)
\`\`\`

Notes: Strings and dates are quoted; numbers are not.

## Pagination and ordering

All list endpoints use cursor-based pagination.

- Use **limit** to cap page size (default: 60, max: 60).
- Use **starting_after** to fetch the next page (forward).
- Use **ending_before** to fetch the previous page (backward).
- Responses include **pageInfo** with \`hasNextPage\`, \`startCursor\`, and \`endCursor\`.

Examples:

\`\`\`bash
# First page
curl -H 'Authorization: Bearer <token>' \\
  '<server>/rest/core/companies?limit=60'

# Next page
curl -H 'Authorization: Bearer <token>' \\
  '<server>/rest/core/companies?limit=60&starting_after=<endCursorFromPreviousPage>'

# Previous page
curl -H 'Authorization: Bearer <token>' \\
  '<server>/rest/core/companies?limit=60&ending_before=<startCursorFromCurrentPage>'
\`\`\`

You can combine pagination with filters and ordering.

Ordering with \`order_by\`:
- Shape: \`field1,field2[DIRECTION2]\`
- Directions: AscNullsFirst, AscNullsLast, DescNullsFirst, DescNullsLast
- Default per-field direction: AscNullsFirst

Examples:
\`\`\`text
order_by=createdAt
order_by=id[AscNullsFirst],createdAt[DescNullsLast]
\`\`\`

## Usage with LLMs

The recommended way to give an LLM agent (Claude Desktop, Cursor, Windsurf, …)
access to your workspace is the **Twenty MCP server**, not this OpenAPI schema.
The MCP server exposes typed tools the agent can call directly with proper
header-based auth (OAuth or API key), no tokens in URLs.

Configure it from **Settings → AI → MCP** in your workspace. The endpoint is:

\`\`\`text
${serverUrl}/mcp
\`\`\`

If you specifically need the raw OpenAPI document (for code generation, type
generation, etc.), download it locally with a header-authenticated request and
hand the file to your tool — never paste a tokenized URL into a chat:

\`\`\`bash
curl -H 'Authorization: Bearer <token>' \\
  ${serverUrl}/rest/open-api/${kind} > twenty-${kind}.json
\`\`\`
`;
