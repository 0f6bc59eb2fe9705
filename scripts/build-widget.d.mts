/** Where the bundles are written (gitignored). */
export declare const WIDGET_BUILD_DIR: string;

/** The files of a widget build, by role. */
export declare const WIDGET_FILES: { loader: string; frameScript: string; frameStyle: string };

/** The result of buildWidget: output directory, absolute path of each file, whether it built now. */
export type TWidgetBuild = {
  outDir: string;
  files: { loader: string; frameScript: string; frameStyle: string };
  built: boolean;
};

/** Builds the widget bundles unless the last build came from the same inputs (or `force`). */
export declare function buildWidget(options?: { force?: boolean }): TWidgetBuild;
