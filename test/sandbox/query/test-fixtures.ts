/** Models and rows shared by the query engine's tests. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ModelObject, WorkspaceModel } from '../model/types.js';

export type Row = Record<string, unknown>;

const seeded = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../models/seeded.json'), 'utf8'),
) as WorkspaceModel;

/** An object of the seeded (SOURCE-like) model by nameSingular. */
export const objectNamed = (nameSingular: string): ModelObject => {
  const object = seeded.objects.find((o) => o.nameSingular === nameSingular);
  if (!object) throw new Error(`no object ${nameSingular} in models/seeded.json`);
  return object;
};
