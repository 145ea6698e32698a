export declare function binaryPlatform(bytes: Buffer): { os: "linux" | "darwin" | "win32"; cpu: string } | undefined;
