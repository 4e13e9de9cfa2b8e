/**
 * Word lists the seed draws from. Names come as [display, ascii slug] pairs: the display may carry accents,
 * CJK, RTL scripts or an apostrophe, while the slug (unique within its list) builds emails and domains that
 * stay unique and valid.
 */

export type Named = readonly [display: string, slug: string];

export const FIRST_NAMES: readonly Named[] = [
  ['James', 'james'], ['Mary', 'mary'], ['Robert', 'robert'], ['Patricia', 'patricia'], ['John', 'john'],
  ['Jennifer', 'jennifer'], ['Michael', 'michael'], ['Linda', 'linda'], ['David', 'david'], ['Elizabeth', 'elizabeth'],
  ['William', 'william'], ['Barbara', 'barbara'], ['Richard', 'richard'], ['Susan', 'susan'], ['Joseph', 'joseph'],
  ['Jessica', 'jessica'], ['Thomas', 'thomas'], ['Sarah', 'sarah'], ['Charles', 'charles'], ['Karen', 'karen'],
  ['Daniel', 'daniel'], ['Lisa', 'lisa'], ['Matthew', 'matthew'], ['Nancy', 'nancy'], ['Anthony', 'anthony'],
  ['Sophie', 'sophie'], ['Lucas', 'lucas'], ['Emma', 'emma'], ['Hugo', 'hugo'], ['Chloé', 'chloe'],
  ['Léa', 'lea'], ['Noémie', 'noemie'], ['Zoë', 'zoe'], ['François', 'francois'], ['Jürgen', 'jurgen'],
  ['Søren', 'soren'], ['Björn', 'bjorn'], ['Åsa', 'asa'], ['Małgorzata', 'malgorzata'], ['Çağla', 'cagla'],
  ['José', 'jose'], ['María José', 'mariajose'], ['João', 'joao'], ['Ngozi', 'ngozi'], ['Aisha', 'aisha'],
  ['Priya', 'priya'], ['Arjun', 'arjun'], ['Wei', 'wei'], ['Yuki', 'yuki'], ['Hiroshi', 'hiroshi'],
  ['Min-jun', 'minjun'], ['Olena', 'olena'], ['Dmitri', 'dmitri'], ['Siobhán', 'siobhan'], ['Seán', 'sean'],
  ['Anne-Marie', 'annemarie'], ['Jean-Luc', 'jeanluc'], ['明', 'ming'], ['さくら', 'sakura'], ['محمد', 'mohammed'],
  ['فاطمة', 'fatima'], ['דוד', 'dovid'], ['Александр', 'aleksandr'], ['Ελένη', 'eleni'],
];

export const LAST_NAMES: readonly Named[] = [
  ['Smith', 'smith'], ['Johnson', 'johnson'], ['Williams', 'williams'], ['Brown', 'brown'], ['Jones', 'jones'],
  ['Garcia', 'garcia'], ['Miller', 'miller'], ['Davis', 'davis'], ['Rodriguez', 'rodriguez'], ['Martinez', 'martinez'],
  ['Hernandez', 'hernandez'], ['Lopez', 'lopez'], ['Gonzalez', 'gonzalez'], ['Wilson', 'wilson'], ['Anderson', 'anderson'],
  ['Taylor', 'taylor'], ['Moore', 'moore'], ['Jackson', 'jackson'], ['Martin', 'martin'], ['Lee', 'lee'],
  ['Thompson', 'thompson'], ['White', 'white'], ['Harris', 'harris'], ['Clark', 'clark'], ['Lewis', 'lewis'],
  ['Dubois', 'dubois'], ['Lefèvre', 'lefevre'], ['Moreau', 'moreau'], ['Müller', 'muller'], ['Schröder', 'schroder'],
  ['Weiß', 'weiss'], ['Nørgaard', 'norgaard'], ['Lindqvist', 'lindqvist'], ['Kowalczyk', 'kowalczyk'], ['Öztürk', 'ozturk'],
  ['Gonçalves', 'goncalves'], ['Peña', 'pena'], ['Núñez', 'nunez'], ['Okafor', 'okafor'], ['Mensah', 'mensah'],
  ['Patel', 'patel'], ['Sharma', 'sharma'], ['Chen', 'chen'], ['Wang', 'wang'], ['Tanaka', 'tanaka'],
  ['Sato', 'sato'], ['Kim', 'kim'], ['Nguyen', 'nguyen'], ['Kovalenko', 'kovalenko'], ['Ivanova', 'ivanova'],
  ["O'Brien", 'obrien'], ["D'Angelo", 'dangelo'], ['van der Berg', 'vanderberg'], ['de la Cruz', 'delacruz'],
  ['Smith-Jones', 'smithjones'], ['李', 'li'], ['山田', 'yamada'], ['김', 'gim'], ['الحسن', 'alhassan'],
  ['כהן', 'cohen'], ['Петров', 'petrov'], ['Παπαδόπουλος', 'papadopoulos'], ['McDonald', 'mcdonald'], ['Ng', 'ng'],
];

export const COMPANY_WORDS_A: readonly Named[] = [
  ['Nordic', 'nordic'], ['Blue', 'blue'], ['Quantum', 'quantum'], ['Silver', 'silver'], ['Bright', 'bright'],
  ['Apex', 'apex'], ['Green', 'green'], ['Iron', 'iron'], ['Pacific', 'pacific'], ['Atlas', 'atlas'],
  ['Nova', 'nova'], ['Summit', 'summit'], ['Cedar', 'cedar'], ['Polar', 'polar'], ['Vertex', 'vertex'],
  ['Crimson', 'crimson'], ['Golden', 'golden'], ['Urban', 'urban'], ['Prime', 'prime'], ['Stellar', 'stellar'],
  ['Open', 'open'], ['Swift', 'swift'], ['Red Oak', 'redoak'], ['True North', 'truenorth'], ['Harbor', 'harbor'],
  ['Lumen', 'lumen'], ['Orbit', 'orbit'], ['Pioneer', 'pioneer'], ['Falcon', 'falcon'], ['Keystone', 'keystone'],
  ['Société', 'societe'], ['Zürich', 'zurich'], ['Café', 'cafe'], ['Mañana', 'manana'], ['Öko', 'oeko'],
  ['東京', 'tokyo'], ['北京', 'beijing'], ['서울', 'seoul'], ['دبي', 'dubai'], ['Δέλτα', 'delta'],
  ['Москва', 'moskva'], ['Tel Aviv', 'telaviv'], ["L'Atelier", 'latelier'], ['Smith & Wesson', 'smithwesson'],
  ['Rock "n" Roll', 'rocknroll'], ['Alpha, Beta', 'alphabeta'], ['🚀 Rocket', 'rocket'], ['Zenith', 'zenith'],
];

export const COMPANY_WORDS_B: readonly Named[] = [
  ['Robotics', 'robotics'], ['Analytics', 'analytics'], ['Systems', 'systems'], ['Labs', 'labs'], ['Logistics', 'logistics'],
  ['Health', 'health'], ['Energy', 'energy'], ['Capital', 'capital'], ['Software', 'software'], ['Foods', 'foods'],
  ['Media', 'media'], ['Dynamics', 'dynamics'], ['Networks', 'networks'], ['Partners', 'partners'], ['Ventures', 'ventures'],
  ['Studio', 'studio'], ['Bank', 'bank'], ['Motors', 'motors'], ['Pharma', 'pharma'], ['Security', 'security'],
  ['Cloud', 'cloud'], ['Data', 'data'], ['Design', 'design'], ['Consulting', 'consulting'], ['Retail', 'retail'],
  ['Mobility', 'mobility'], ['Telecom', 'telecom'], ['Insurance', 'insurance'], ['Textiles', 'textiles'], ['Games', 'games'],
  ['Brasserie', 'brasserie'], ['Électrique', 'electrique'], ['Gesellschaft', 'gesellschaft'], ['Técnica', 'tecnica'],
  ['科技', 'keji'], ['商事', 'shoji'], ['Technologies', 'technologies'], ['Biotech', 'biotech'], ['Aerospace', 'aerospace'],
  ['Solar', 'solar'], ['Marine', 'marine'], ['Works', 'works'], ['Foundry', 'foundry'], ['Collective', 'collective'],
];

export const COMPANY_SUFFIXES = ['', '', '', '', ' Inc.', ', Inc.', ' LLC', ' Ltd', ' GmbH', ' SAS', ' S.A.', ' & Co.', ' AG', ' K.K.', ' BV'];
export const TLDS = ['com', 'com', 'com', 'io', 'co', 'net', 'de', 'fr', 'co.uk', 'ai', 'org', 'jp'];
export const FREE_MAIL = ['gmail.com', 'outlook.com', 'yahoo.com', 'proton.me', 'icloud.com', 'hotmail.fr', 'gmx.de'];

export interface Place {
  city: string;
  state: string;
  country: string;
  countryCode: string;
  callingCode: string;
  postcode: string;
  lat: number;
  lng: number;
  currency: string;
}

export const PLACES: readonly Place[] = [
  { city: 'San Francisco', state: 'California', country: 'United States', countryCode: 'US', callingCode: '+1', postcode: '94107', lat: 37.7749, lng: -122.4194, currency: 'USD' },
  { city: 'New York', state: 'New York', country: 'United States', countryCode: 'US', callingCode: '+1', postcode: '10001', lat: 40.7128, lng: -74.006, currency: 'USD' },
  { city: 'Austin', state: 'Texas', country: 'United States', countryCode: 'US', callingCode: '+1', postcode: '73301', lat: 30.2672, lng: -97.7431, currency: 'USD' },
  { city: 'Toronto', state: 'Ontario', country: 'Canada', countryCode: 'CA', callingCode: '+1', postcode: 'M5H 2N2', lat: 43.6532, lng: -79.3832, currency: 'CAD' },
  { city: 'Montréal', state: 'Québec', country: 'Canada', countryCode: 'CA', callingCode: '+1', postcode: 'H2Y 1C6', lat: 45.5017, lng: -73.5673, currency: 'CAD' },
  { city: 'Paris', state: 'Île-de-France', country: 'France', countryCode: 'FR', callingCode: '+33', postcode: '75002', lat: 48.8566, lng: 2.3522, currency: 'EUR' },
  { city: 'Lyon', state: 'Auvergne-Rhône-Alpes', country: 'France', countryCode: 'FR', callingCode: '+33', postcode: '69001', lat: 45.764, lng: 4.8357, currency: 'EUR' },
  { city: 'Berlin', state: 'Berlin', country: 'Germany', countryCode: 'DE', callingCode: '+49', postcode: '10115', lat: 52.52, lng: 13.405, currency: 'EUR' },
  { city: 'München', state: 'Bayern', country: 'Germany', countryCode: 'DE', callingCode: '+49', postcode: '80331', lat: 48.1351, lng: 11.582, currency: 'EUR' },
  { city: 'Zürich', state: 'Zürich', country: 'Switzerland', countryCode: 'CH', callingCode: '+41', postcode: '8001', lat: 47.3769, lng: 8.5417, currency: 'CHF' },
  { city: 'London', state: 'England', country: 'United Kingdom', countryCode: 'GB', callingCode: '+44', postcode: 'EC1A 1BB', lat: 51.5074, lng: -0.1278, currency: 'GBP' },
  { city: 'Dublin', state: 'Leinster', country: 'Ireland', countryCode: 'IE', callingCode: '+353', postcode: 'D02 X285', lat: 53.3498, lng: -6.2603, currency: 'EUR' },
  { city: 'Kraków', state: 'Małopolskie', country: 'Poland', countryCode: 'PL', callingCode: '+48', postcode: '31-001', lat: 50.0647, lng: 19.945, currency: 'PLN' },
  { city: 'São Paulo', state: 'São Paulo', country: 'Brazil', countryCode: 'BR', callingCode: '+55', postcode: '01000-000', lat: -23.5505, lng: -46.6333, currency: 'BRL' },
  { city: 'Ciudad de México', state: 'CDMX', country: 'Mexico', countryCode: 'MX', callingCode: '+52', postcode: '06000', lat: 19.4326, lng: -99.1332, currency: 'MXN' },
  { city: '東京', state: '東京都', country: 'Japan', countryCode: 'JP', callingCode: '+81', postcode: '100-0001', lat: 35.6762, lng: 139.6503, currency: 'JPY' },
  { city: '上海', state: '上海市', country: 'China', countryCode: 'CN', callingCode: '+86', postcode: '200000', lat: 31.2304, lng: 121.4737, currency: 'CNY' },
  { city: 'Bengaluru', state: 'Karnataka', country: 'India', countryCode: 'IN', callingCode: '+91', postcode: '560001', lat: 12.9716, lng: 77.5946, currency: 'INR' },
  { city: 'دبي', state: 'دبي', country: 'United Arab Emirates', countryCode: 'AE', callingCode: '+971', postcode: '00000', lat: 25.2048, lng: 55.2708, currency: 'AED' },
  { city: 'תל אביב', state: 'Tel Aviv District', country: 'Israel', countryCode: 'IL', callingCode: '+972', postcode: '6100000', lat: 32.0853, lng: 34.7818, currency: 'ILS' },
  { city: 'Lagos', state: 'Lagos', country: 'Nigeria', countryCode: 'NG', callingCode: '+234', postcode: '100001', lat: 6.5244, lng: 3.3792, currency: 'NGN' },
  { city: 'Sydney', state: 'New South Wales', country: 'Australia', countryCode: 'AU', callingCode: '+61', postcode: '2000', lat: -33.8688, lng: 151.2093, currency: 'AUD' },
  { city: 'Reykjavík', state: 'Höfuðborgarsvæðið', country: 'Iceland', countryCode: 'IS', callingCode: '+354', postcode: '101', lat: 64.1466, lng: -21.9426, currency: 'ISK' },
];

export const STREETS = ['Main St', 'Market Street', 'Rue de Rivoli', 'Friedrichstraße', 'Baker Street', 'Avenida Paulista', 'King St W', 'Calle Mayor', 'Bahnhofstrasse', 'Ulica Floriańska', 'Elm Avenue', 'Rue du Faubourg Saint-Honoré'];

export const JOB_TITLES = [
  'CEO', 'CTO', 'CFO', 'VP of Sales', 'Head of Marketing', 'Account Executive', 'Sales Development Representative',
  'Product Manager', 'Software Engineer', 'Data Scientist', 'Customer Success Manager', 'Operations Lead', 'Designer',
  'Procurement Officer', 'Office Manager', 'Founder', 'Chief Revenue Officer', 'Directeur commercial', 'Geschäftsführer',
  'Embryologist, clinical', 'Head of R&D', 'Intern',
];

export const WORDS = [
  'follow', 'up', 'proposal', 'contract', 'renewal', 'meeting', 'pricing', 'demo', 'onboarding', 'budget', 'quarter',
  'pipeline', 'feedback', 'integration', 'security', 'review', 'legal', 'signature', 'invoice', 'discount', 'roadmap',
  'timeline', 'stakeholders', 'kickoff', 'pilot', 'rollout', 'training', 'support', 'ticket', 'migration', 'workspace',
  'team', 'customer', 'partner', 'launch', 'campaign', 'webinar', 'survey', 'report', 'dashboard', 'the', 'with', 'for',
  'and', 'about', 'next', 'week', 'call', 'email', 'draft', 'final', 'approved', 'pending', 'urgent',
];

export const PRODUCTS = ['Enterprise plan', 'Pro licenses', 'Annual renewal', 'Pilot', 'Expansion', 'Consulting package', 'Support add-on', 'Seats upgrade', 'Platform migration', 'Data connector'];
export const NOTE_TITLES = ['Call notes', 'Meeting recap', 'Discovery call', 'Pricing discussion', 'Quarterly business review', 'Objections', 'Technical requirements', 'Competitor intel', 'Lunch with the team', 'Procurement steps'];
export const TASK_TITLES = ['Send proposal', 'Follow up after demo', 'Prepare contract', 'Schedule kickoff', 'Update pricing sheet', 'Call back', 'Review security questionnaire', 'Book onsite visit', 'Send invoice', 'Check in on renewal'];
export const CURRENCIES = ['USD', 'USD', 'USD', 'EUR', 'EUR', 'GBP', 'JPY', 'CHF', 'CAD', 'BRL', 'AUD'];
export const API_KEY_NAMES = ['Zapier', 'HubSpot sync', 'migration-script', 'Website form', 'Data warehouse export'];
export const THING_WORDS = ['Falcon', 'Comet', 'Maple', 'Pixel', 'Biscuit', 'Nimbus', 'Aurora', 'Pepper', 'Orion', 'Willow', 'Luna', 'Atlas', 'Mocha', 'Zephyr', 'Juniper', 'Tango'];

/**
 * Deliberately awkward strings, sprinkled into text fields so that every hop of a migration sees them:
 * scripts, RTL, emoji (with joiners), quotes, commas, separators, markup, whitespace, decomposed accents.
 */
export const EDGE_TEXTS = [
  '',
  'Zoë Ñúñez-Øresund',
  '北京市朝阳区建国路 88 号',
  'مرحبا بالعالم، هذا نص تجريبي',
  'שלום עולם',
  '🚀 Launch 🎉 👩‍👩‍👧‍👦',
  'He said "hello", then left',
  "O'Brien, Smith & Sons",
  'comma,separated,"quoted",value',
  'line one\nline two\ttabbed',
  '  padded with spaces  ',
  'C:\\path\\to\\file.txt',
  '<b>not html</b> &amp; <script>alert(1)</script>',
  "Robert'); DROP TABLE students;--",
  'e\u0301te\u0301 (decomposed accents)',
  '{"looks":"like json"}',
  '%s %d ${template} {{mustache}}',
  'ＦＵＬＬＷＩＤＴＨ ｔｅｘｔ',
];

/** Dates at boundaries a migration may trip on (epoch, leap day, 32-bit rollover, far past and future). */
export const EDGE_DATES = ['1970-01-01', '2000-02-29', '1900-01-01', '2038-01-19', '2099-12-31', '1999-12-31'];
export const EDGE_DATE_TIMES = [
  '1970-01-01T00:00:00.000Z',
  '2000-02-29T23:59:59.999Z',
  '2038-01-19T03:14:07.000Z',
  '1999-12-31T23:59:59.000Z',
  '2024-03-31T01:30:00.000Z',
];
