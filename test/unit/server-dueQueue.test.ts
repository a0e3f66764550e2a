// DueQueue against a plain sorted-array model: any mix of adds and takes keeps the same order.
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { DueQueue, type Due } from '../../src/server/dueQueue';

type Op = { add: number } | { take: number };

function model(ops: Op[]): { taken: number[][]; left: number[]; sizes: number[] } {
  let items: Due[] = [];
  let seq = 0;
  const taken: number[][] = [];
  const sizes: number[] = [];
  for (const op of ops) {
    if ('add' in op) {
      items.push({ dueAt: op.add, seq: seq++ });
      items.sort((a, b) => a.dueAt - b.dueAt || a.seq - b.seq);
    } else {
      taken.push(items.filter((i) => i.dueAt <= op.take).map((i) => i.seq));
      items = items.filter((i) => i.dueAt > op.take);
    }
    sizes.push(items.length);
  }
  return { taken, left: items.map((i) => i.seq), sizes };
}

function run(ops: Op[]): { taken: number[][]; left: number[]; sizes: number[] } {
  const q = new DueQueue<Due>();
  let seq = 0;
  const taken: number[][] = [];
  const sizes: number[] = [];
  for (const op of ops) {
    if ('add' in op) q.add({ dueAt: op.add, seq: seq++ });
    else taken.push(q.takeDue(op.take).map((i) => i.seq));
    sizes.push(q.size);
  }
  // Listing order is latest first; the model's is earliest first.
  const left = Array.from({ length: q.size }, (_, i) => q.atFromLatest(i)!.seq).reverse();
  return { taken, left, sizes };
}

describe('local server: DueQueue', () => {
  it('behaves like a sorted array for any mix of adds and takes', () => {
    const op = fc.oneof(fc.record({ add: fc.integer({ min: 0, max: 50 }) }), fc.record({ take: fc.integer({ min: -1, max: 50 }) }));
    fc.assert(fc.property(fc.array(op, { maxLength: 200 }), (ops) => assert.deepEqual(run(ops), model(ops))));
  });

  it('keeps its order across compaction after many takes', () => {
    const ops: Op[] = [];
    for (let t = 0; t < 3000; t++) {
      ops.push({ add: t + 10 }, { add: t + 5 });
      if (t % 7 === 0) ops.push({ take: t });
    }
    ops.push({ add: 0 }, { take: 2000 });
    assert.deepEqual(run(ops), model(ops));
  });

  it('nextDueAt is the earliest live item', () => {
    const q = new DueQueue<Due>();
    assert.equal(q.nextDueAt(), undefined);
    q.add({ dueAt: 20, seq: 1 });
    q.add({ dueAt: 10, seq: 2 });
    assert.equal(q.nextDueAt(), 10);
    assert.deepEqual(q.takeDue(10).map((i) => i.seq), [2]);
    assert.equal(q.nextDueAt(), 20);
    q.add({ dueAt: 5, seq: 3 });
    assert.equal(q.nextDueAt(), 5);
    assert.deepEqual(q.takeDue(100).map((i) => i.seq), [3, 1]);
    assert.equal(q.nextDueAt(), undefined);
  });
});
