/**
 * Names Twenty 2.x refuses for a custom object or field: twenty-shared's RESERVED_METADATA_NAME_KEYWORDS at 2.21
 * (checked by validate-flat-field-metadata-name.util.ts and validate-flat-object-metadata-name.util.ts for every
 * caller but Twenty's own standard app; recorded on the real 2.21: reserved-field-name). 1.2 reserved fewer (no
 * `job`, `search`, `aggregate`, `pageLayout`…), so a 1.x workspace can hold a custom `job` that 2.21 cannot create.
 */
export const RESERVED_NAMES: ReadonlySet<string> = new Set([
  'approvedAccessDomain', 'approvedAccessDomains', 'appToken', 'appTokens', 'billingCustomer', 'billingCustomers',
  'billingEntitlement', 'billingEntitlements', 'billingMeter', 'billingMeters', 'billingProduct', 'billingProducts',
  'billingSubscription', 'billingSubscriptions', 'billingSubscriptionItem', 'billingSubscriptionItems', 'featureFlag',
  'featureFlags', 'job', 'jobs', 'keyValuePair', 'keyValuePairs', 'pageLayout', 'pageLayouts', 'pageLayoutTab',
  'pageLayoutTabs', 'pageLayoutWidget', 'pageLayoutWidgets', 'twoFactorMethod', 'twoFactorMethods', 'user', 'users',
  'userWorkspace', 'userWorkspaces', 'workspace', 'workspaces', 'role', 'roles', 'userWorkspaceRole',
  'userWorkspaceRoles', 'plan', 'plans', 'event', 'events', 'field', 'fields', 'link', 'links', 'currency',
  'currencies', 'fullNames', 'address', 'addresses', 'type', 'types', 'object', 'objects', 'index', 'relation',
  'relations', 'aggregate', 'search', 'searches',
]);

/** What to do about a custom object or field whose name the target reserves (the advice of a `report` row). */
export function reservedNameAdvice(what: 'object' | 'field', name: string): string {
  return `the target's version reserves the name "${name}", so it cannot be created there. Rename it in the source ` +
    `(Settings → Data model → the ${what} → Advanced: its API name, for example ${name}Custom, the suffix Twenty itself proposes), then run again`;
}
