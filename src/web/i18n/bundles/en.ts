// Every area of this language in one chunk: loading the language is one request.
const areas = import.meta.glob<Record<string, string>>('../en/*.json', {
  eager: true,
  import: 'default',
});
export default Object.assign({}, ...Object.values(areas)) as Record<string, string>;
