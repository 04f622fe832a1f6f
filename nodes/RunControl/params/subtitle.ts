/**
 * The canvas subtitle in the words the panel shows ("Get Many: B3OS"), not the stored values
 * ("getAll: b3os"). n8n evaluates it as an expression in the editor; a value it does not know
 * (an expression, a newer value) is shown as it is.
 */
export function subtitleOf(...parts: Array<{ parameter: string; options: ReadonlyArray<{ name: string; value: string }> }>): string {
	const words = parts.map(({ parameter, options }) => {
		const value = `$parameter[${JSON.stringify(parameter)}]`;
		const names = JSON.stringify(options.map((option) => option.name));
		const values = JSON.stringify(options.map((option) => option.value));
		return `(${names}[${values}.indexOf(${value})] || ${value})`;
	});
	return `={{ ${words.join(' + ": " + ')} }}`;
}
