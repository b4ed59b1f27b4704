import { render } from 'preact';
import '../../components/theme.css';
import '../../components/options.css';
import { Options } from '../../components/Options.tsx';
import { dataset } from '../../data/index.ts';
import { loadSettings, updateSettings, watchSettings } from '../../utils/settings.ts';

render(
  <Options data={dataset} load={loadSettings} save={updateSettings} watch={watchSettings} />,
  document.getElementById('app') as HTMLElement,
);
