const path = require('path');
const { task, src, dest } = require('gulp');

/** tsc compiles the TypeScript; this copies the icons next to the compiled node and credentials (all under nodes/). */
function copyIcons() {
	return src(['nodes/**/*.{png,svg}'], { base: '.', encoding: false }).pipe(
		dest(path.resolve('dist')),
	);
}

task('build:icons', copyIcons);
