/**
 * Conditional (algo) orders as the venue's Algo Service keeps them since the 2025 migration: STOP /
 * STOP_MARKET / TAKE_PROFIT / TAKE_PROFIT_MARKET wait off the book for their trigger (last price or mark
 * price), then become a plain order in the matching engine. Parsing, the trigger rule and the JSON shapes
 * (REST object and the ALGO_UPDATE `o` object) live here; the exchange owns the lifecycle. Pure.
 */
import type { SymbolSpec } from '../market/symbol-spec.js';
import { VenueError } from '../server/rest-types.js';
import { priceUnits, qtyUnits } from './order-request.js';

export type AlgoType = 'STOP' | 'STOP_MARKET' | 'TAKE_PROFIT' | 'TAKE_PROFIT_MARKET';
export type AlgoStatus = 'NEW' | 'CANCELED' | 'TRIGGERING' | 'TRIGGERED' | 'FINISHED' | 'REJECTED' | 'EXPIRED';

export const MAX_ALGO_ORDERS = 10;
const TYPES = new Set(['STOP', 'STOP_MARKET', 'TAKE_PROFIT', 'TAKE_PROFIT_MARKET']);
const CLIENT_ID = /^[.A-Z:/a-z0-9_-]{1,36}$/;

export interface AlgoOrder {
  algoId: number;
  clientAlgoId: string;
  symbol: string;
  spec: SymbolSpec;
  buy: boolean;
  type: AlgoType;
  tif: string;
  /** 0 with closePosition. */
  units: number;
  priceTick: number;
  triggerTick: number;
  workingType: 'CONTRACT_PRICE' | 'MARK_PRICE';
  closePosition: boolean;
  reduceOnly: boolean;
  priceProtect: boolean;
  stpMode: string;
  status: AlgoStatus;
  /** The plain order it became (0 before the trigger). */
  actualOrderId: number;
  createTime: number;
  updateTime: number;
  triggerTime: number;
}

export function parseAlgoOrder(params: URLSearchParams, spec: SymbolSpec, id: number, now: number): AlgoOrder {
  const need = (name: string): string => {
    const v = params.get(name);
    if (v === null || v === '')
      throw new VenueError(400, -1102, `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`);
    return v;
  };
  if (need('algoType') !== 'CONDITIONAL')
    throw new VenueError(400, -1102, "Mandatory parameter 'algoType' was not sent, was empty/null, or malformed.");
  const side = need('side');
  if (side !== 'BUY' && side !== 'SELL') throw new VenueError(400, -1117, 'Invalid side.');
  const type = need('type');
  if (!TYPES.has(type)) throw new VenueError(400, -1116, 'Invalid orderType.');
  if ((params.get('positionSide') ?? 'BOTH') !== 'BOTH')
    throw new VenueError(400, -4061, "Order's position side does not match user's setting.");
  const closePosition = params.get('closePosition') === 'true';
  const limit = type === 'STOP' || type === 'TAKE_PROFIT';
  if (closePosition && limit) throw new VenueError(400, -1106, "Parameter 'closePosition' sent when not required.");
  const units = closePosition ? 0 : qtyUnits(need('quantity'), spec);
  const workingType = params.get('workingType') ?? 'CONTRACT_PRICE';
  if (workingType !== 'CONTRACT_PRICE' && workingType !== 'MARK_PRICE')
    throw new VenueError(400, -1102, "Mandatory parameter 'workingType' was not sent, was empty/null, or malformed.");
  const clientAlgoId = params.get('clientAlgoId') ?? `sim_algo_${id.toString(36)}`;
  if (!CLIENT_ID.test(clientAlgoId)) throw new VenueError(400, -4015, 'Client order id is not valid.');
  return {
    algoId: id,
    clientAlgoId,
    symbol: spec.symbol,
    spec,
    buy: side === 'BUY',
    type: type as AlgoType,
    tif: limit ? (params.get('timeInForce') ?? 'GTC') : 'GTC',
    units,
    priceTick: limit ? priceUnits(need('price'), spec) : 0,
    triggerTick: priceUnits(need('triggerPrice'), spec, 'triggerPrice'),
    workingType,
    closePosition,
    reduceOnly: params.get('reduceOnly') === 'true' || closePosition,
    priceProtect: params.get('priceProtect') === 'true',
    stpMode: params.get('selfTradePreventionMode') ?? 'EXPIRE_MAKER',
    status: 'NEW',
    actualOrderId: 0,
    createTime: now,
    updateTime: now,
    triggerTime: 0,
  };
}

/** Stops buy on a rise to the trigger and sell on a fall; take-profits the reverse. */
export function triggered(a: AlgoOrder, priceTick: number): boolean {
  const stop = a.type === 'STOP' || a.type === 'STOP_MARKET';
  const up = stop === a.buy;
  return up ? priceTick >= a.triggerTick : priceTick <= a.triggerTick;
}

function px(a: AlgoOrder, tick: number): string {
  return (tick * a.spec.tickSize).toFixed(a.spec.priceDecimals);
}

function qty(a: AlgoOrder): string {
  return (a.units * a.spec.stepSize).toFixed(a.spec.qtyDecimals);
}

/** The REST algo order object (place, query, openAlgoOrders, allAlgoOrders). */
export function algoJson(a: AlgoOrder, withActual: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {
    algoId: a.algoId,
    clientAlgoId: a.clientAlgoId,
    algoType: 'CONDITIONAL',
    orderType: a.type,
    symbol: a.symbol,
    side: a.buy ? 'BUY' : 'SELL',
    positionSide: 'BOTH',
    timeInForce: a.tif,
    quantity: qty(a),
    algoStatus: a.status,
    triggerPrice: px(a, a.triggerTick),
    price: px(a, a.priceTick),
    icebergQuantity: null,
    selfTradePreventionMode: a.stpMode,
    workingType: a.workingType,
    priceMatch: 'NONE',
    closePosition: a.closePosition,
    priceProtect: a.priceProtect,
    reduceOnly: a.reduceOnly,
    activatePrice: '',
    callbackRate: '',
    createTime: a.createTime,
    updateTime: a.updateTime,
    triggerTime: a.triggerTime,
    goodTillDate: 0,
  };
  if (withActual) {
    out.actualOrderId = a.actualOrderId === 0 ? '' : String(a.actualOrderId);
    out.actualPrice = '';
  }
  return out;
}

/** The ALGO_UPDATE user-data event. */
export function algoUpdate(a: AlgoOrder, E: number): string {
  return `{"e":"ALGO_UPDATE","T":${E},"E":${E},"o":{"caid":"${a.clientAlgoId}","aid":${a.algoId},"at":"CONDITIONAL","o":"${a.type}","s":"${a.symbol}","S":"${a.buy ? 'BUY' : 'SELL'}","ps":"BOTH","f":"${a.tif}","q":"${qty(a)}","X":"${a.status}","ai":"${a.actualOrderId === 0 ? '' : a.actualOrderId}","tp":"${px(a, a.triggerTick)}","p":"${px(a, a.priceTick)}","V":"${a.stpMode}","wt":"${a.workingType}","pm":"NONE","cp":${a.closePosition},"pP":${a.priceProtect},"R":${a.reduceOnly},"tt":${a.triggerTime},"gtd":0}}`;
}
