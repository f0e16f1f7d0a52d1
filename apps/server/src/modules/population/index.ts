export * as populationRepository from './population.repository.ts';
