/**
 * The one definition of a valid symbol (uppercase letters and digits, like BTCUSDT). Its own module so the CLI
 * and the admin socket can validate symbols without loading TypeBox, which dominates `tapeline admin` start-up.
 */
export const SYMBOL_PATTERN = '^[A-Z0-9]{2,20}$';
