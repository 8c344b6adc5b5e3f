// `npm run bench -- room`: comment fan-out and order throughput (being written).
console.log('room bench: not written yet');
export {};
