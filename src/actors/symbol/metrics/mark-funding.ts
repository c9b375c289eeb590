/**
 * Mark price and funding from `markPrice@1s`: the latest mark, index, funding rate and next funding time, and
 * the basis of the last trade against the mark in basis points, (last − mark) / mark · 10 000. Pure: the latest
 * event wins (the stream is one per second, in order).
 */
import type { Static } from '@sinclair/typebox';
import type { FundingBlock } from '../../../schema/metrics-message.js';
import type { MarkPriceEvent } from '../../../schema/market-events.js';
import type { StateHasher } from '../state-hash.js';

export type FundingFigures = Static<typeof FundingBlock>;

/** mark, index, funding rate, next funding time, event time; NaN before the first event. */
export type MarkFundingData = [number, number, number, number, number];

function orNull(x: number): number | null {
  return Number.isNaN(x) ? null : x;
}

export class MarkFunding {
  private mark = Number.NaN;
  private index = Number.NaN;
  private rate = Number.NaN;
  private nextFunding = Number.NaN;
  private ts = Number.NaN;

  constructor(data?: MarkFundingData) {
    if (data)
      [this.mark, this.index, this.rate, this.nextFunding, this.ts] = data.map(
        (x) => x ?? Number.NaN,
      ) as MarkFundingData;
  }

  onMarkPrice(e: MarkPriceEvent): void {
    this.mark = e.markPrice;
    this.index = e.indexPrice;
    this.rate = e.fundingRate;
    this.nextFunding = e.nextFundingTime;
    this.ts = e.eventTime;
  }

  /** `last`: the last trade price, NaN before the first. */
  figures(last: number): FundingFigures {
    const basis = this.mark > 0 && !Number.isNaN(last) ? ((last - this.mark) / this.mark) * 10_000 : Number.NaN;
    return {
      mark: orNull(this.mark),
      index: orNull(this.index),
      fundingRate: orNull(this.rate),
      nextFundingTime: orNull(this.nextFunding),
      basisBps: orNull(basis),
      ts: orNull(this.ts),
    };
  }

  hashInto(h: StateHasher): void {
    h.tag('funding').num(this.mark).num(this.index).num(this.rate).num(this.nextFunding).num(this.ts);
  }

  toData(): MarkFundingData {
    return [this.mark, this.index, this.rate, this.nextFunding, this.ts];
  }
}
