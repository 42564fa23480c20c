/** What segments measures, by name: read by the options' checks without the segments' SQL. */
export const SEGMENT_MEASURES = ['customers', 'balance', 'deposits', 'contribution'] as const;
export type SegmentMeasure = (typeof SEGMENT_MEASURES)[number];
