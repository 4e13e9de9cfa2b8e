/**
 * The workspace-configuration stage (issue 6): views, dashboards, workflows, roles and webhooks, migrated where
 * the target's API allows it and reported precisely where it does not.
 *
 * @example
 * import { configurationStage, verifyConfigurationStage } from './config-migration/index.js';
 * const result = await configurationStage(m, { webhookUrl: (url) => mapping[url] });
 * result.notMigrated;                       // → verification report's "not migrated" section
 * const checks = await verifyConfigurationStage(m); // → verification report's checklist rows
 */
export { configurationStage, openConfigContext, verifyConfigurationStage } from './stage.js';
export type { ConfigPart, ConfigStageOptions, ConfigStageResult } from './stage.js';
export type { ConfigContext, ConfigItem, ConfigKindName, ConfigSide, ItemAction } from './context.js';
export { migrateViews, readViews } from './views.js';
export { migrateDashboards, readLayouts } from './dashboards.js';
export { migrateWorkflows, readWorkflows } from './workflows.js';
export { workflowRefs } from './workflow-refs.js';
export type { WorkflowRef } from './workflow-refs.js';
export { migrateRoles, readRoles, rolesMarkdown } from './roles.js';
export type { RoleInfo } from './roles.js';
export { migrateWebhooks } from './webhooks.js';
export type { WebhookUrlMapper } from './webhooks.js';
export { configNotMigrated } from './not-migrated.js';
export { verifyConfiguration } from './verify.js';
export type { ConfigCheck } from './verify.js';
export { buildIdMaps, mapDeep } from './id-map.js';
export type { IdMaps, Unresolved } from './id-map.js';
