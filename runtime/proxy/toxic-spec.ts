// A toxic as configured through the API: parsing of create/update bodies with Toxiproxy's
// checks in Toxiproxy's order, and its JSON form.
import { ApiError } from './api-error.ts';
import { type JsonObject } from './go-json.ts';
import { bodyObject, readFloat32, readInt, readObject, readString } from './request-body.ts';
import { TOXIC_KINDS } from './toxics/catalog.ts';
import type { Attributes, ToxicKind } from './toxics/toxic.ts';

export type Direction = 'upstream' | 'downstream';

export interface ToxicSpec {
  name: string;
  type: string;
  // As sent ("UpStream" stays "UpStream"); `direction` is what it means.
  stream: string;
  direction: Direction;
  toxicity: number;
  attributes: Attributes;
  kind: ToxicKind;
}

export function parseDirection(stream: string): Direction | undefined {
  const lower = stream.toLowerCase();
  return lower === 'upstream' || lower === 'downstream' ? lower : undefined;
}

// Attributes from `source` over `base`: absent or null keys keep their base value.
function readAttributes(kind: ToxicKind, source: JsonObject | undefined, base: Attributes): Attributes {
  const attributes: Attributes = {};
  for (const key of Object.keys(kind.defaults)) {
    const value = source === undefined ? undefined : readInt(source, key, `${kind.goStruct}.attributes`, kind.goInt);
    attributes[key] = value ?? base[key] ?? 0;
  }
  const refusal = kind.check?.(attributes);
  if (refusal !== undefined) throw new ApiError('invalidAttribute', refusal);
  return attributes;
}

export function parseToxicCreate(body: unknown, nameTaken: (name: string) => boolean): ToxicSpec {
  const object = bodyObject(body, 'toxics.ToxicWrapper');
  const name = readString(object, 'name', 'ToxicWrapper') ?? '';
  const type = readString(object, 'type', 'ToxicWrapper') ?? '';
  const stream = readString(object, 'stream', 'ToxicWrapper') ?? 'downstream';
  const toxicity = readFloat32(object, 'toxicity', 'ToxicWrapper') ?? 1;
  const attributes = readObject(object, 'attributes', 'ToxicWrapper');
  const direction = parseDirection(stream);
  if (direction === undefined) throw new ApiError('invalidStream');
  const kind = TOXIC_KINDS.get(type);
  if (kind === undefined) throw new ApiError('invalidToxicType');
  const finalName = name === '' ? `${type}_${stream}` : name;
  if (nameTaken(finalName)) throw new ApiError('toxicAlreadyExists');
  return { name: finalName, type, stream, direction, toxicity, attributes: readAttributes(kind, attributes, kind.defaults), kind };
}

// The new toxicity and attributes for an update; name, type and stream in the body are ignored.
export function parseToxicUpdate(body: unknown, current: ToxicSpec): { toxicity: number; attributes: Attributes } {
  const object = bodyObject(body, 'struct { Attributes interface {}; Toxicity float32 }');
  const attributes = readObject(object, 'attributes', 'ToxicWrapper');
  const toxicity = readFloat32(object, 'toxicity', 'ToxicWrapper') ?? current.toxicity;
  return { toxicity, attributes: readAttributes(current.kind, attributes, current.attributes) };
}

export interface ToxicJson {
  attributes: Attributes;
  name: string;
  type: string;
  stream: string;
  toxicity: number;
}

export function toxicJson(spec: ToxicSpec): ToxicJson {
  return { attributes: spec.attributes, name: spec.name, type: spec.type, stream: spec.stream, toxicity: spec.toxicity };
}
