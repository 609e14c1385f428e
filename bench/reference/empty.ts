/** Reference for the cold-start table: an ES module that does nothing (the cost of Node's ESM loader alone). */
export {};
