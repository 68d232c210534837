import { startRecordingServer, type Recorded } from './recording-server.js';

export type OpenAiBehaviour =
  | { kind: 'json'; content: unknown }
  | { kind: 'text'; content: string }
  | { kind: 'status'; status: number; body?: unknown }
  /** Never answers within the client's timeout. */
  | { kind: 'hang' }
  /** Answers as `then` does, after `ms` (or at close, whichever comes first). */
  | { kind: 'slow'; ms: number; then: OpenAiBehaviour }
  /** A 200 whose body is exactly this: not JSON, or JSON that is no chat completion. */
  | { kind: 'raw'; body: string }
  /** A chat completion with no choices. */
  | { kind: 'no_choices' }
  /** Each request takes the next of these in turn, counted per kind of request (its response_format name). */
  | { kind: 'cycle'; behaviours: OpenAiBehaviour[] };

/**
 * An OpenAI-compatible server (POST /v1/chat/completions) on localhost, for
 * driving the real `openai` client. Set `behaviour` before each call.
 */
export async function startFakeOpenAi() {
  const state: { behaviour: OpenAiBehaviour; models: string[] } = { behaviour: { kind: 'text', content: '' }, models: ['gpt-4o-mini'] };
  const pendingHangs: Array<() => void> = [];
  const turns = new Map<string, number>();
  const chosen = new WeakMap<Recorded, OpenAiBehaviour>();
  /** What this request gets: the behaviour set, or its turn of a cycle. */
  const behaviourFor = (req: Recorded): OpenAiBehaviour => {
    let b = state.behaviour;
    while (b.kind === 'cycle') {
      const format = req.body.response_format as { json_schema?: { name?: string } } | undefined;
      const key = format?.json_schema?.name ?? '';
      const turn = turns.get(key) ?? 0;
      turns.set(key, turn + 1);
      b = b.behaviours[turn % b.behaviours.length]!;
    }
    return b;
  };
  const answer = (b: OpenAiBehaviour, req: Recorded): ReturnType<Parameters<typeof startRecordingServer>[0]> => {
    if (b.kind === 'slow') return answer(b.then, req);
    if (b.kind === 'status') return { status: b.status, body: b.body ?? { error: { message: 'fake failure', type: 'server_error' } } };
    if (b.kind === 'raw') return { body: null, raw: b.body };
    const completion = {
      id: 'chatcmpl-test',
      object: 'chat.completion',
      created: 1_700_000_000,
      model: String(req.body.model ?? 'test-model'),
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    };
    if (b.kind === 'no_choices') return { body: { ...completion, choices: [] } };
    const content = b.kind === 'json' ? JSON.stringify(b.content) : b.kind === 'text' ? b.content : '';
    return { body: { ...completion, choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content, refusal: null } }] } };
  };
  const server = await startRecordingServer(
    (req: Recorded) => {
      if (req.method === 'GET' && req.path.endsWith('/models')) {
        const b = state.behaviour;
        if (b.kind === 'status') return { status: b.status, body: b.body ?? { error: { message: 'fake failure', type: 'server_error' } } };
        return { body: { object: 'list', data: state.models.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'test' })) } };
      }
      return answer(chosen.get(req) ?? behaviourFor(req), req);
    },
    async (req) => {
      if (req.method === 'GET') return;
      const b = behaviourFor(req);
      chosen.set(req, b);
      if (b.kind === 'hang') await new Promise<void>((resolve) => pendingHangs.push(resolve));
      if (b.kind === 'slow') {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, b.ms);
          pendingHangs.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
  );
  return {
    ...server,
    /** For OPENAI_BASE_URL. */
    baseURL: `${server.url}/v1`,
    set(behaviour: OpenAiBehaviour) {
      state.behaviour = behaviour;
      turns.clear();
    },
    /** What GET /v1/models lists. */
    setModels(ids: string[]) {
      state.models = ids;
    },
    /** The chat completion requests received, newest last. */
    completions: () => server.calls('/chat/completions'),
    async close() {
      pendingHangs.splice(0).forEach((release) => release());
      await server.close();
    },
  };
}
