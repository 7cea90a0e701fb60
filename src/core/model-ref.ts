import { z } from 'zod';

/**
 * Which model to load. `embedded` is SmolLM2-135M-Instruct converted by `ftdojo setup`; `hub` is
 * any Hugging Face model id; `local` a model folder; `adapter` a LoRA adapter on top of a base
 * (a run's output), `merged` a folder written by `llamafactory-cli export`.
 */
export type ModelRef =
  { kind: 'embedded' } | { kind: 'hub'; id: string; revision?: string } | { kind: 'local'; path: string } | { kind: 'adapter'; base: ModelRef; path: string };

export const ModelRefSchema: z.ZodType<ModelRef> = z.lazy(() =>
  z.union([
    z.object({ kind: z.literal('embedded') }),
    z.object({ kind: z.literal('hub'), id: z.string().min(1), revision: z.string().optional() }),
    z.object({ kind: z.literal('local'), path: z.string().min(1) }),
    z.object({ kind: z.literal('adapter'), base: ModelRefSchema, path: z.string().min(1) }),
  ]),
);

export function describeModel(model: ModelRef): string {
  switch (model.kind) {
    case 'embedded':
      return 'embedded SmolLM2-135M-Instruct';
    case 'hub':
      return `${model.id}${model.revision ? `@${model.revision}` : ''}`;
    case 'local':
      return model.path;
    case 'adapter':
      return `${describeModel(model.base)} + adapter ${model.path}`;
  }
}
