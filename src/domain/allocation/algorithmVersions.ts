export const ALGORITHM_VERSIONS = ["pbr-v1"] as const;
export type AlgorithmVersion = (typeof ALGORITHM_VERSIONS)[number];

/** The version new trials use. Older versions stay in versions.ts's switch so recorded trials still verify. */
export const ALGORITHM_VERSION = "pbr-v1" satisfies AlgorithmVersion;

export function isAlgorithmVersion(value: string): value is AlgorithmVersion {
  return (ALGORITHM_VERSIONS as readonly string[]).includes(value);
}
